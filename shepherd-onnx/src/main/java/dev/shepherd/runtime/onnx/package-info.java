/**
 * The {@code onnx} runtime: {@link dev.shepherd.runtime.onnx.OnnxModelLoader} serves ONNX graphs
 * with ONNX Runtime (CPU). Inputs bind by feature name or through the schema's dense encoding;
 * class, score and tensor outputs are read from the matching graph output.
 */
package dev.shepherd.runtime.onnx;
