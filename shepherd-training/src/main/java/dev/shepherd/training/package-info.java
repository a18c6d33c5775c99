/**
 * Built-in training: {@link dev.shepherd.training.LoanData} generates the demo's labelled data,
 * {@link dev.shepherd.training.TabularTrainer} fits a Tribuo classifier over the schema's
 * {@link dev.shepherd.schema.DenseEncoding} and exports it to ONNX as a
 * {@link dev.shepherd.training.TrainedModel}, ready to register and serve with the {@code onnx}
 * runtime.
 */
package dev.shepherd.training;
