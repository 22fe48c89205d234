package io.privrec.dp.budget;

/** Neumaier's compensated summation; not thread-safe. */
final class CompensatedSum {

  private double sum;
  private double compensation;

  CompensatedSum() {}

  CompensatedSum(CompensatedSum other) {
    this.sum = other.sum;
    this.compensation = other.compensation;
  }

  void add(double x) {
    double t = sum + x;
    if (Math.abs(sum) >= Math.abs(x)) {
      compensation += (sum - t) + x;
    } else {
      compensation += (x - t) + sum;
    }
    sum = t;
  }

  double sum() {
    return sum + compensation;
  }
}
