package dev.strata.jcache.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Builds the script calls of one cache: which segments share a call (all those on one node, except
 * on a Redis Cluster where a call covers one segment), and the ARGV layout that common.lua reads:
 * publish mode, flags, request id, reply retention, segment count, then per segment
 * its channel, message header, bound and own arguments.
 */
final class CallFactory {

  private static final byte[] EMPTY = new byte[0];

  /** Adds a segment's own arguments to a call; {@code keys} are the segment's keys of the call, if any. */
  interface SegmentArgs {
    void add(SegmentKeys segment, List<byte[]> keys, List<byte[]> args);
  }

  private final ScriptExecutor executor;
  private final byte[] publishMode;
  private final byte[][] channels;
  private final byte[][] headers;
  private final byte[][] bounds;
  private final byte[] retention;
  private final String requestPrefix;
  private final AtomicLong requests = new AtomicLong();
  private final boolean oneCallPerSegment;
  private volatile BooleanSupplier listeners = () -> false;

  CallFactory(ScriptExecutor executor, KeyLayout layout, String senderId, EntryBound bound) {
    this.executor = executor;
    this.publishMode = new byte[] {(byte) (layout.shardedChannels() ? 'S' : 'P')};
    int count = layout.segments().size();
    this.channels = new byte[count][];
    this.headers = new byte[count][];
    this.bounds = new byte[count][];
    for (SegmentKeys s : layout.segments()) {
      channels[s.index()] = layout.channelOf(s).getBytes(StandardCharsets.UTF_8);
      headers[s.index()] = ChannelMessage.header(senderId, layout.cacheName(), s.index());
      bounds[s.index()] = bound.scriptArgument(s.index(), count);
    }
    this.retention = RemoteStore.num(executor.policy().replyRetentionMillis());
    // short but unique enough: a random 64-bit prefix per store, then a counter
    this.requestPrefix = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + ".";
    this.oneCallPerSegment = executor.clustered();
  }

  /** Whether listeners are registered in this JVM: then replies carry event values. */
  void listenersRegistered(BooleanSupplier registered) {
    this.listeners = registered;
  }

  /** One call per node where segments may share a call, else one per segment. */
  List<ScriptExecutor.Call> calls(Script script, Map<SegmentKeys, List<byte[]>> groups, boolean wantOld,
      SegmentArgs segmentArgs) {
    List<List<SegmentKeys>> batches = new ArrayList<>();
    if (oneCallPerSegment) {
      groups.keySet().forEach(s -> batches.add(List.of(s)));
    } else {
      Map<Object, List<SegmentKeys>> byNode = new LinkedHashMap<>();
      groups.keySet().forEach(s -> byNode.computeIfAbsent(executor.nodeOf(s), n -> new ArrayList<>()).add(s));
      batches.addAll(byNode.values());
    }
    List<ScriptExecutor.Call> calls = new ArrayList<>(batches.size());
    for (List<SegmentKeys> segments : batches) {
      List<List<byte[]>> args = new ArrayList<>(segments.size());
      for (SegmentKeys s : segments) {
        List<byte[]> own = new ArrayList<>();
        segmentArgs.add(s, groups.get(s), own);
        args.add(own);
      }
      calls.add(call(script, segments, wantOld, args));
    }
    return calls;
  }

  /** The ARGV of a call: the prelude (see common.lua), then each segment's channel, header, bound and own arguments. */
  ScriptExecutor.Call call(Script script, List<SegmentKeys> segments, boolean wantOld,
      List<List<byte[]>> segmentArgs) {
    int size = 5;
    for (List<byte[]> a : segmentArgs) {
      size += 4 + a.size();
    }
    byte[][] argv = new byte[size][];
    argv[0] = publishMode;
    argv[1] = flags(wantOld);
    argv[2] = script.userWrite() ? requestId() : EMPTY;
    argv[3] = retention;
    argv[4] = RemoteStore.num(segments.size());
    int at = 5;
    for (int s = 0; s < segments.size(); s++) {
      int index = segments.get(s).index();
      List<byte[]> own = segmentArgs.get(s);
      argv[at++] = channels[index];
      argv[at++] = headers[index];
      argv[at++] = bounds[index];
      argv[at++] = RemoteStore.num(own.size());
      for (byte[] a : own) {
        argv[at++] = a;
      }
    }
    return new ScriptExecutor.Call(script, segments, argv);
  }

  private byte[] flags(boolean wantOld) {
    boolean values = listeners.getAsBoolean();
    if (wantOld && values) {
      return new byte[] {'O', 'V'};
    }
    return wantOld ? new byte[] {'O'} : values ? new byte[] {'V'} : EMPTY;
  }

  private byte[] requestId() {
    return (requestPrefix + Long.toString(requests.incrementAndGet(), 36)).getBytes(StandardCharsets.US_ASCII);
  }
}
