package dev.shepherd.drift;

/**
 * A statistical test's outcome.
 *
 * @param statistic the test statistic (KS: the largest CDF distance D; chi-square: χ²)
 * @param pValue    the p-value, 0..1
 */
public record TestResult(double statistic, double pValue) {
}
