package dev.strata.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Scrapes a /metrics endpoint over HTTP as Prometheus does and reads the text format into series and values. */
final class Scrape {

  private Scrape() {
  }

  /** {@code GET http://127.0.0.1:<port>/metrics}: each series (name and labels) with its value. */
  static Map<String, Double> scrape(int port) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    Map<String, Double> series = new LinkedHashMap<>();
    for (String line : response.body().split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
    return series;
  }

  /** A series as the text format writes it: labels sorted by name. */
  static String series(String name, String... labelPairs) {
    Map<String, String> labels = new TreeMap<>();
    for (int i = 0; i < labelPairs.length; i += 2) {
      labels.put(labelPairs[i], labelPairs[i + 1]);
    }
    StringBuilder text = new StringBuilder(name).append('{');
    labels.forEach((k, v) -> text.append(k).append("=\"").append(v).append("\","));
    text.setLength(text.length() - 1);
    return text.append('}').toString();
  }
}
