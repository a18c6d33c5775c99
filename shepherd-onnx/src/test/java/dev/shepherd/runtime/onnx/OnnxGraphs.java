package dev.shepherd.runtime.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Tiny hand-built ONNX graphs for binding tests (named inputs, ZipMap, score, tensor outputs). */
final class OnnxGraphs {
    static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    static final int INT64 = TensorProto.DataType.INT64_VALUE;
    static final int BOOL = TensorProto.DataType.BOOL_VALUE;
    static final int STRING = TensorProto.DataType.STRING_VALUE;

    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("test");
    private int counter;

    /** A tensor value of element type {@code elem}; a {@code null} dimension is the free batch dimension. */
    static ValueInfoProto tensor(String name, int elem, Long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Long d : dims) {
            shape.addDim(d == null ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(elem).setShape(shape)))
                .build();
    }

    /** A sequence of maps string → float, as sklearn's ZipMap produces. */
    static ValueInfoProto zipMap(String name) {
        TypeProto value = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(FLOAT)).build();
        TypeProto map = TypeProto.newBuilder().setMapType(TypeProto.Map.newBuilder().setKeyType(STRING).setValueType(value)).build();
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setSequenceType(TypeProto.Sequence.newBuilder().setElemType(map))).build();
    }

    OnnxGraphs input(ValueInfoProto v) {
        graph.addInput(v);
        return this;
    }

    OnnxGraphs output(ValueInfoProto v) {
        graph.addOutput(v);
        return this;
    }

    /** A float initializer of the given shape. */
    String floats(long[] dims, float... values) {
        String name = "c" + counter++;
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(FLOAT);
        for (long d : dims) {
            t.addDims(d);
        }
        for (float v : values) {
            t.addFloatData(v);
        }
        graph.addInitializer(t);
        return name;
    }

    /** An int64 initializer of the given shape. */
    String longs(long[] dims, long... values) {
        String name = "c" + counter++;
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(INT64);
        for (long d : dims) {
            t.addDims(d);
        }
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return name;
    }

    /** Adds a node and returns its (single) output name, or {@code out} when given. */
    String node(String op, String domain, List<String> inputs, String out, AttributeProto... attributes) {
        String name = out != null ? out : "t" + counter++;
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName("n" + counter++).addAllInput(inputs).addOutput(name);
        if (domain != null) {
            n.setDomain(domain);
        }
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return name;
    }

    String node(String op, List<String> inputs, AttributeProto... attributes) {
        return node(op, null, inputs, null, attributes);
    }

    static AttributeProto intAttr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    static AttributeProto stringsAttr(String name, String... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRINGS);
        for (String v : values) {
            a.addStrings(com.google.protobuf.ByteString.copyFromUtf8(v));
        }
        return a.build();
    }

    static AttributeProto intsAttr(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    Path write(Path file) throws IOException {
        List<OnnxMl.OperatorSetIdProto> opsets = new ArrayList<>();
        opsets.add(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13).build());
        opsets.add(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("ai.onnx.ml").setVersion(2).build());
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder().setIrVersion(7).setProducerName("shepherd-test")
                .addAllOpsetImport(opsets).setGraph(graph).build();
        Files.write(file, model.toByteArray());
        return file;
    }
}
