package dev.shepherd.runtime.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.oip.OipCodec;
import dev.shepherd.oip.OipDatatype;
import dev.shepherd.runtime.ModelInfo;
import dev.shepherd.runtime.ModelInfo.TensorInfo;
import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.ModelSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a remote model knows of its upstream's model metadata: the {@link ModelInfo} it reports
 * and the upstream's declared input tensors, which shape the requests it sends (empty when the
 * upstream declares none: Shepherd's own layout is sent). Immutable.
 */
record UpstreamMetadata(ModelInfo info, List<TensorInfo> inputs) {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamMetadata.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    UpstreamMetadata {
        inputs = List.copyOf(inputs);
    }

    /** No upstream metadata: the tensors Shepherd's own OIP layout uses for {@code schema}. */
    static UpstreamMetadata none(ModelSchema schema) {
        return new UpstreamMetadata(new ModelInfo(RemoteModel.PLATFORM, OipCodec.inputTensors(schema),
                OipCodec.outputTensors(schema)), List.of());
    }

    /**
     * Reads a metadata answer. A 5xx is a transient failure (thrown, so the caller retries); any
     * other non-200 status or an unusable body means the upstream has no usable metadata.
     */
    static UpstreamMetadata from(ModelSchema schema, URI uri, int status, byte[] body) {
        if (status >= 500) {
            throw new UncheckedIOException(new IOException("status " + status + ": " + RemoteModel.excerpt(body)));
        }
        if (status != 200) {
            LOG.info("upstream {} has no model metadata (status {}); sending Shepherd's own tensor layout", uri, status);
            return none(schema);
        }
        List<TensorInfo> inputs;
        List<TensorInfo> outputs;
        try {
            JsonNode json = JSON.readTree(body);
            inputs = tensors(json.get("inputs"));
            outputs = tensors(json.get("outputs"));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("upstream {} answered unusable model metadata ({}); sending Shepherd's own tensor layout",
                    uri, e.getMessage());
            return none(schema);
        }
        if (inputs.isEmpty()) {
            return none(schema);
        }
        List<String> names = inputs.stream().map(TensorInfo::name).toList();
        List<String> unmatched = schema.inputs().stream().map(FeatureSpec::name).filter(n -> !names.contains(n)).toList();
        if (inputs.size() > 1 && !unmatched.isEmpty()) {
            LOG.warn("upstream {} declares inputs {}; features {} have no input of the same name", uri, names, unmatched);
        }
        return new UpstreamMetadata(new ModelInfo(RemoteModel.PLATFORM, inputs,
                outputs.isEmpty() ? OipCodec.outputTensors(schema) : outputs), inputs);
    }

    private static List<TensorInfo> tensors(JsonNode array) {
        List<TensorInfo> out = new ArrayList<>();
        if (array == null || !array.isArray()) {
            return out;
        }
        for (JsonNode t : array) {
            JsonNode name = t.get("name");
            JsonNode datatype = t.get("datatype");
            JsonNode shape = t.get("shape");
            if (name == null || !name.isTextual() || datatype == null || OipDatatype.fromWire(datatype.asText()) == null
                    || shape == null || !shape.isArray()) {
                throw new IllegalArgumentException("tensor " + t + " lacks a name, a known datatype or a shape");
            }
            List<Long> dims = new ArrayList<>();
            for (JsonNode d : shape) {
                if (!d.isIntegralNumber() || d.longValue() < -1) {
                    throw new IllegalArgumentException("tensor " + name.asText() + " has dimension " + d);
                }
                dims.add(d.longValue());
            }
            out.add(new TensorInfo(name.textValue(), datatype.asText(), dims));
        }
        return out;
    }
}
