package io.privrec.examples.cli;

/** Help text for the models' {@code --param key=value} hyperparameters. */
final class ModelHelp {
  static final String PARAMS = String.join("\n",
      "                     popularity: (none)",
      "");

  private ModelHelp() {}
}
