package io.privrec.examples.cli;

import java.io.PrintStream;

/**
 * One subcommand of the {@code privrec-examples.jar} command line.
 *
 * <p>Implementations are stateless; {@link #run} may be called more than once.
 */
public interface Command {

  /** The subcommand's name as typed on the command line, e.g. {@code evaluate}. */
  String name();

  /** One line shown in the overview of all subcommands. */
  String summary();

  /** Full usage text printed for {@code --help}. */
  String help();

  /**
   * Runs the subcommand.
   *
   * @param args the arguments after the subcommand's name, already parsed
   * @param out where results go (JSON lines, tables)
   * @param err where progress and diagnostics go
   * @return the process exit code: 0 on success
   * @throws IllegalArgumentException for bad arguments or bad input data (the message is shown to
   *     the user followed by a hint to use {@code --help})
   * @throws java.nio.file.NoSuchFileException if a file is missing, {@link
   *     java.nio.file.AccessDeniedException} if it cannot be read (reported in one line naming the
   *     path, e.g. {@code cannot read FILE: no such file}, exit status 2)
   * @throws Exception for I/O and other failures (exit status 1); an {@link OutOfMemoryError} is
   *     reported with the maximum heap and how to raise it (exit status 3)
   */
  int run(Args args, PrintStream out, PrintStream err) throws Exception;
}
