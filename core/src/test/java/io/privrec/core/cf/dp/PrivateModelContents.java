package io.privrec.core.cf.dp;

import io.privrec.core.cf.internal.ModelIo;
import io.privrec.core.model.PrivateModel;

/** Test access to a private model's file contents (its package-private {@code toContents()}). */
final class PrivateModelContents {
  private PrivateModelContents() {}

  static ModelIo.Contents of(PrivateModel model) {
    if (model instanceof DpPopularityModel m) {
      return m.toContents();
    }
    if (model instanceof DpItemKnnModel m) {
      return m.toContents();
    }
    if (model instanceof DpEaseModel m) {
      return m.toContents();
    }
    if (model instanceof DpIalsModel m) {
      return m.toContents();
    }
    throw new IllegalArgumentException("not a dp model of this package: " + model.getClass());
  }
}
