package io.privrec.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The tests run on the Spark version the build selected (3.5 by default, 4.x with -Pspark-4). */
class SparkVersionTest {

  @Test
  void session_runsOnTheSelectedSparkVersion() {
    String expected = System.getProperty("privrec.spark.test.version");

    assertThat(expected).isNotBlank();
    assertThat(TestSpark.session().version()).isEqualTo(expected);
  }
}
