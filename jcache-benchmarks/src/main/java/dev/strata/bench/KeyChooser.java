package dev.strata.bench;

import java.util.SplittableRandom;

/** Picks the key index of the next operation: uniform, Zipfian or a small hot set. */
interface KeyChooser {

  /** The next key index in [0, keyCount). */
  int next(SplittableRandom random);

  /** Every key equally likely. */
  static KeyChooser uniform(int keyCount) {
    return random -> random.nextInt(keyCount);
  }

  /** A hot set of {@code hot} keys taking every request. */
  static KeyChooser hotSet(int hot) {
    return random -> random.nextInt(hot);
  }

  /**
   * Zipfian with exponent {@code theta} (0.99 as in YCSB): key 0 is the most popular. Uses the
   * closed-form approximation of Gray et al. ("Quickly generating billion-record synthetic
   * databases", SIGMOD 1994), so a draw costs one {@code pow}.
   */
  static KeyChooser zipfian(int keyCount, double theta) {
    double zetaN = 0;
    for (int i = 1; i <= keyCount; i++) {
      zetaN += 1.0 / Math.pow(i, theta);
    }
    double zeta2 = 1.0 + 1.0 / Math.pow(2, theta);
    double alpha = 1.0 / (1.0 - theta);
    double eta = (1 - Math.pow(2.0 / keyCount, 1 - theta)) / (1 - zeta2 / zetaN);
    double zn = zetaN;
    return random -> {
      double u = random.nextDouble();
      double uz = u * zn;
      if (uz < 1.0) {
        return 0;
      }
      if (uz < zeta2) {
        return 1;
      }
      int k = (int) (keyCount * Math.pow(eta * u - eta + 1, alpha));
      return Math.min(keyCount - 1, k);
    };
  }
}
