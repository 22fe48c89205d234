package io.privrec.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnonymizeCommandTest {
  @TempDir
  Path dir;

  private String run(String... argv) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = new AnonymizeCommand().run(Args.parse(List.of(argv)), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isZero();
    return out.toString(StandardCharsets.UTF_8).trim();
  }

  private Path sevenRows() throws Exception {
    Path data = dir.resolve("data.csv");
    Files.writeString(data, "name;age;gender;zipcode\nA;34;male;81667\nB;45;female;81675\nC;66;male;81925\n"
        + "D;70;female;81931\nE;34;female;81931\nF;70;male;81931\nG;45;male;81931\n");
    Files.writeString(dir.resolve("age.csv"), "34;<50;*\n45;<50;*\n66;>=50;*\n70;>=50;*\n");
    Files.writeString(dir.resolve("gender.csv"), "male;*\nfemale;*\n");
    StringBuilder zip = new StringBuilder();
    for (String z : new String[] {"81667", "81675", "81925", "81931"}) {
      zip.append(z);
      for (int l = 1; l <= 5; l++) {
        zip.append(';').append(z, 0, 5 - l).append("*".repeat(l));
      }
      zip.append('\n');
    }
    Files.writeString(dir.resolve("zip.csv"), zip.toString());
    return data;
  }

  @Test
  void run_sevenRowExample_printsArxOptimumAndWritesTable() throws Exception {
    Path data = sevenRows();
    Path out = dir.resolve("out.csv");
    String json = run("--data", data.toString(), "--sep", ";", "--qi", "age,gender,zipcode",
        "--identifying", "name",
        "--hierarchy", "age=" + dir.resolve("age.csv"), "--hierarchy", "gender=" + dir.resolve("gender.csv"),
        "--hierarchy", "zipcode=" + dir.resolve("zip.csv"), "--k", "2", "--suppression", "0", "--metric", "loss",
        "--algorithm", "optimal", "--out", out.toString());
    assertThat(json).startsWith("{\"transformation\":[1,1,2],").contains("\"classes\":3", "\"suppressed\":0",
        "\"highestRisk\":0.5", "\"optimal\":true", "\"seconds\":");
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).containsExactly("age;gender;zipcode", "<50;*;816**", "<50;*;816**", ">=50;*;819**",
        ">=50;*;819**", "<50;*;819**", ">=50;*;819**", "<50;*;819**");
  }

  @Test
  void run_mondrian_printsNullTransformation() throws Exception {
    Path data = sevenRows();
    String json = run("--data", data.toString(), "--qi", "age", "--k", "2", "--algorithm", "mondrian");
    assertThat(json).startsWith("{\"transformation\":null,").contains("\"classes\":3", "\"precision\":null");
  }

  @Test
  void run_lDiversityWithoutSensitive_throws() throws Exception {
    Path data = sevenRows();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> run("--data", data.toString(), "--qi", "age", "--k", "2", "--l", "2", "--algorithm", "mondrian"))
        .withMessageContaining("--sensitive");
  }

  @Test
  void run_unknownOptionOrMetric_throws() throws Exception {
    Path data = sevenRows();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> run("--data", data.toString(), "--qi", "age", "--kk", "2"))
        .withMessageContaining("--kk");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> run("--data", data.toString(), "--qi", "age", "--metric", "xyz"))
        .withMessageContaining("'xyz'");
  }

  @Test
  void run_adultK5_reportsAnonymousResult() throws Exception {
    String prop = System.getProperty("privrec.shared.data");
    Path adult = prop == null ? null : Path.of(prop, "adult");
    assumeTrue(adult != null && Files.isDirectory(adult), "shared Adult data absent: skipping");
    List<String> argv = new ArrayList<>(List.of("--data", adult.resolve("adult.csv").toString(), "--qi",
        "sex,age,race,marital-status,education,native-country,workclass,salary-class", "--k", "5",
        "--suppression", "0.04", "--metric", "loss"));
    for (String q : argv.get(3).split(",")) {
      argv.add("--hierarchy");
      argv.add(q + "=" + adult.resolve("adult_hierarchy_" + q + ".csv"));
    }
    String json = run(argv.toArray(new String[0]));
    assertThat(json).contains("\"optimal\":true").containsPattern("\"transformation\":\\[(\\d,){7}\\d\\]");
    assertThat(json).containsPattern("\"highestRisk\":0\\.(2|1|0)");
  }

  @Test
  void run_missingDataOrHierarchy_throwsNoSuchFileNamingThePath() throws Exception {
    Path data = sevenRows();
    Path missing = dir.resolve("missing.csv");

    assertThatThrownBy(() -> run("--data", missing.toString(), "--qi", "age"))
        .isInstanceOf(NoSuchFileException.class).hasMessage(missing.toString());
    assertThatThrownBy(() -> run("--data", data.toString(), "--qi", "age", "--hierarchy", "age=" + missing))
        .isInstanceOf(NoSuchFileException.class).hasMessage(missing.toString());
    assertThatThrownBy(() -> run("--data", dir.toString(), "--qi", "age"))
        .isInstanceOf(FileSystemException.class).hasMessageContaining("is a directory");
  }

  @Test
  void run_outputInMissingDirectory_isRefusedBeforeAnonymising() throws Exception {
    Path data = sevenRows();
    Path out = dir.resolve("no-such-dir").resolve("out.csv");

    assertThatThrownBy(() -> run("--data", data.toString(), "--qi", "age", "--hierarchy", "age=" + dir.resolve("age.csv"),
        "--out", out.toString())).isInstanceOf(NoSuchFileException.class).hasMessage(out.toString());
  }
}
