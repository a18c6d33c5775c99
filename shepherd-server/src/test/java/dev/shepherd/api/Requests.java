package dev.shepherd.api;

/** Request bodies for the credit schema. */
final class Requests {
    private Requests() {
    }

    static final String ONE_RECORD = """
            {"income": 52000, "age": 41, "debt_ratio": 0.31, "employment": "salaried", "has_collateral": true}
            """;

    static final String TWO_INSTANCES = """
            {"instances": [
              {"income": 52000, "age": 41, "debt_ratio": 0.31, "employment": "salaried", "has_collateral": true},
              {"income": 18000, "age": 23, "employment": "unemployed", "has_collateral": false}
            ]}
            """;

    static final String OIP_TWO_ROWS = """
            {"id": "oip-7", "inputs": [
              {"name": "income", "datatype": "FP64", "shape": [2], "data": [52000, 18000]},
              {"name": "age", "datatype": "INT64", "shape": [2], "data": [41, 23]},
              {"name": "debt_ratio", "datatype": "FP64", "shape": [2], "data": [0.31, null]},
              {"name": "employment", "datatype": "BYTES", "shape": [2], "data": ["salaried", "unemployed"]},
              {"name": "has_collateral", "datatype": "BOOL", "shape": [2], "data": [true, false]}
            ]}
            """;

    /** {@code n} copies of the first record under {@code instances}. */
    static String instances(int n) {
        StringBuilder sb = new StringBuilder("{\"instances\": [");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append(ONE_RECORD.strip());
        }
        return sb.append("]}").toString();
    }
}
