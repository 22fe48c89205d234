package io.privrec.examples;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs the command line on the Vector API scoring kernels.
 *
 * <p>The kernels need the incubator module {@code jdk.incubator.vector} in the boot layer, and in
 * Java 17 only the {@code --add-modules} option puts it there: no jar-manifest attribute can (the
 * manifest has {@code Add-Opens}/{@code Add-Exports}, and {@code Launcher-Agent-Class}, but nothing
 * that resolves an extra module). So when the module is missing, {@link Main#main} starts the same
 * command in a child JVM — the same {@code java}, JVM options and class path, plus {@code
 * --add-modules=jdk.incubator.vector} — with the same standard streams, and exits with its status.
 *
 * <p>No re-launch when the environment variable {@value #NO_RELAUNCH_ENV} is set (to anything but
 * {@code 0} or {@code false}), the system property {@code privrec.relaunch} is {@code false}, the
 * scalar kernels are forced ({@code -Dprivrec.kernels=scalar}), the JVM has no such module, or it
 * cannot tell its own {@code java} executable. The child gets {@value #NO_RELAUNCH_ENV}{@code =1},
 * so it never re-launches in turn.
 */
final class Launcher {
  /** Environment variable that turns the re-launch off. */
  static final String NO_RELAUNCH_ENV = "PRIVREC_NO_RELAUNCH";
  /** System property that turns the re-launch off when {@code false}. */
  static final String RELAUNCH_PROPERTY = "privrec.relaunch";
  static final String VECTOR_MODULE = "jdk.incubator.vector";

  private Launcher() {}

  /** What {@link Main#main} does before running a command. */
  enum Decision {
    /** The module is in the boot layer: run here. */
    RUN,
    /** Start a child JVM with {@code --add-modules jdk.incubator.vector}. */
    RELAUNCH,
    /** Run here on the scalar kernels because the re-launch is turned off. */
    RUN_SCALAR_OPTED_OUT,
    /** Run here on the scalar kernels because {@code privrec.kernels=scalar} forces them. */
    RUN_SCALAR_FORCED,
    /** Run here on the scalar kernels: this JVM has no {@code jdk.incubator.vector}. */
    RUN_SCALAR_NO_MODULE,
    /** Run here on the scalar kernels: the {@code java} executable is unknown. */
    RUN_SCALAR_NO_JAVA
  }

  /**
   * The decision, from the facts it depends on (a pure function).
   *
   * @param inBootLayer the module is in the boot layer
   * @param inJdk the JVM's system image has the module
   * @param noRelaunchEnv the value of {@value #NO_RELAUNCH_ENV}, or null
   * @param relaunchProperty the value of {@code privrec.relaunch}, or null
   * @param kernelsProperty the value of {@code privrec.kernels}, or null
   * @param javaKnown the path of the running {@code java} executable is known
   */
  static Decision decide(boolean inBootLayer, boolean inJdk, String noRelaunchEnv, String relaunchProperty,
      String kernelsProperty, boolean javaKnown) {
    if (kernelsProperty != null && kernelsProperty.trim().equalsIgnoreCase("scalar")) {
      return Decision.RUN_SCALAR_FORCED;
    }
    if (inBootLayer) {
      return Decision.RUN;
    }
    if (isSet(noRelaunchEnv) || (relaunchProperty != null && relaunchProperty.trim().equalsIgnoreCase("false"))) {
      return Decision.RUN_SCALAR_OPTED_OUT;
    }
    if (!inJdk) {
      return Decision.RUN_SCALAR_NO_MODULE;
    }
    return javaKnown ? Decision.RELAUNCH : Decision.RUN_SCALAR_NO_JAVA;
  }

  private static boolean isSet(String env) {
    if (env == null) {
      return false;
    }
    String v = env.trim().toLowerCase(Locale.ROOT);
    return !v.isEmpty() && !v.equals("0") && !v.equals("false");
  }

  /** The decision for this JVM. */
  static Decision decide() {
    return decide(ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent(),
        ModuleFinder.ofSystem().find(VECTOR_MODULE).isPresent(), System.getenv(NO_RELAUNCH_ENV),
        System.getProperty(RELAUNCH_PROPERTY), System.getProperty("privrec.kernels"), java() != null);
  }

  /**
   * The line printed once on stderr before a command runs: the kernels in use and, when they are
   * the scalar ones, why.
   *
   * @param implementation {@code ScoringKernels.implementation()}, e.g. {@code vector-256}
   */
  static String kernelLine(Decision decision, String implementation) {
    String line = "scoring kernels: " + implementation;
    switch (decision) {
      case RUN:
        return line + (implementation.startsWith("vector") ? " (Vector API)" : " (the Vector API failed its self-check)");
      case RUN_SCALAR_FORCED:
        return line + " (forced by -Dprivrec.kernels=scalar)";
      case RUN_SCALAR_OPTED_OUT:
        return line + " (re-launch turned off by " + NO_RELAUNCH_ENV + " or -D" + RELAUNCH_PROPERTY
            + "=false; run java --add-modules jdk.incubator.vector ... for the Vector API)";
      case RUN_SCALAR_NO_MODULE:
        return line + " (this JVM has no module " + VECTOR_MODULE + "; the Vector API needs a full JDK 17 or later)";
      case RUN_SCALAR_NO_JAVA:
        return line + " (cannot find the java executable to re-launch with --add-modules jdk.incubator.vector)";
      default:
        throw new IllegalArgumentException("no kernel line for " + decision);
    }
  }

  /**
   * The child's command line: {@code java}, this JVM's options (without those the JVM took from
   * {@code JAVA_TOOL_OPTIONS}/{@code JDK_JAVA_OPTIONS}, which the child reads again from the
   * environment), the module option, the class path and the main class, then the arguments.
   */
  static List<String> childCommand(String java, List<String> jvmArguments, Set<String> fromEnvironment,
      String classPath, String mainClass, String[] argv) {
    List<String> command = new ArrayList<>();
    command.add(java);
    for (String a : jvmArguments) {
      if (!fromEnvironment.contains(a)) {
        command.add(a);
      }
    }
    command.add("--add-modules=" + VECTOR_MODULE);
    command.add("-cp");
    command.add(classPath);
    command.add(mainClass);
    command.addAll(List.of(argv));
    return command;
  }

  /**
   * Runs {@code argv} in a child JVM with the Vector API module and returns its exit status, or -1
   * if it could not be started (the caller then runs the command itself).
   */
  static int relaunch(String[] argv) {
    Set<String> fromEnvironment = new HashSet<>();
    for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) {
      String value = System.getenv(variable);
      if (value != null) {
        fromEnvironment.addAll(List.of(value.trim().split("\\s+")));
      }
    }
    List<String> command = childCommand(java(), ManagementFactory.getRuntimeMXBean().getInputArguments(),
        fromEnvironment, System.getProperty("java.class.path"), Main.class.getName(), argv);
    ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
    pb.environment().put(NO_RELAUNCH_ENV, "1");
    Process child;
    try {
      child = pb.start();
    } catch (Exception e) {
      System.err.println("cannot re-launch with --add-modules " + VECTOR_MODULE + " (" + e.getMessage()
          + "); running here");
      return -1;
    }
    Thread stop = new Thread(child::destroy, "privrec-stop-child");
    Runtime.getRuntime().addShutdownHook(stop);
    while (true) {
      try {
        int status = child.waitFor();
        Runtime.getRuntime().removeShutdownHook(stop);
        return status;
      } catch (InterruptedException e) {
        // keep waiting: the child owns the work and the exit status
      } catch (IllegalStateException e) {
        return child.exitValue(); // shutting down
      }
    }
  }

  /** The running {@code java} executable, or null if unknown. */
  static String java() {
    String command = ProcessHandle.current().info().command().orElse(null);
    if (command != null && Files.isExecutable(Path.of(command))) {
      return command;
    }
    Path home = Path.of(System.getProperty("java.home"), "bin", File.separatorChar == '\\' ? "java.exe" : "java");
    return Files.isExecutable(home) ? home.toString() : null;
  }
}
