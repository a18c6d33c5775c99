package dev.shepherd.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.error.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableReaderTest {
    @TempDir
    Path dir;

    private TableReader.Result read(String name, String content, List<ProfileBuilder.Column> columns) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return new TableReader(f, columns, b -> { }).read();
    }

    private static double[] values(Profile p, String feature) {
        return ((ExactSample) ((FeatureProfile.Numeric) p.features().get(feature)).sample()).values();
    }

    @Test
    void infersColumnsAndCountsMissingValues() throws IOException {
        TableReader.Result r = read("a.csv", """
                income,region,age
                48000,north,41
                ,south,NA
                52000.5,"north, upper",null
                1e5,NaN,33
                """, null);
        Profile p = r.profile();
        assertThat(p.rows()).isEqualTo(4);
        assertThat(p.features().get("income")).isInstanceOf(FeatureProfile.Numeric.class);
        assertThat(values(p, "income")).containsExactly(48000, 52000.5, 100000);
        assertThat(p.features().get("income").missing()).isEqualTo(1);
        assertThat(p.features().get("age").missing()).isEqualTo(2);
        FeatureProfile.Category region = (FeatureProfile.Category) p.features().get("region");
        assertThat(region.counts()).containsEntry("north", 1L).containsEntry("north, upper", 1L).containsEntry("south", 1L);
        assertThat(region.missing()).isEqualTo(1);
        assertThat(r.problems().any()).isFalse();
    }

    @Test
    void countsRaggedRowsAndTextInNumericColumnsWithLineNumbers() throws IOException {
        TableReader.Result r = read("b.csv", """
                x,y
                1,a
                2,b,extra
                lots,c
                3
                4,"quoted ""y""\"
                """, List.of(new ProfileBuilder.Column("x", ProfileBuilder.Kind.NUMERIC),
                new ProfileBuilder.Column("y", ProfileBuilder.Kind.CATEGORY)));
        assertThat(r.problems().raggedRows()).isEqualTo(2);
        assertThat(r.problems().raggedLines()).containsExactly(3L, 5L);
        assertThat(r.problems().badValues()).isEqualTo(1);
        assertThat(r.problems().badValueExamples()).containsExactly("line 4, x: 'lots' is not a number");
        assertThat(values(r.profile(), "x")).containsExactly(1, 4);
        assertThat(((FeatureProfile.Category) r.profile().features().get("y")).counts()).containsKey("quoted \"y\"");
    }

    @Test
    void readsJsonLinesAndQuotedLineBreaks() throws IOException {
        TableReader.Result r = read("c.jsonl", """
                {"income": 48000, "region": "north", "ok": true}
                {"income": null, "region": "south", "ok": false}
                {"income": "n/a", "region": "east"}
                not json
                {"income": 51000.25, "region": {"nested": 1}}
                """, List.of(new ProfileBuilder.Column("income", ProfileBuilder.Kind.NUMERIC),
                new ProfileBuilder.Column("region", ProfileBuilder.Kind.CATEGORY),
                new ProfileBuilder.Column("ok", ProfileBuilder.Kind.CATEGORY)));
        assertThat(r.profile().rows()).isEqualTo(4);
        assertThat(values(r.profile(), "income")).containsExactly(48000, 51000.25);
        assertThat(r.problems().raggedRows()).isEqualTo(1);
        assertThat(r.problems().raggedLines()).containsExactly(4L);
        assertThat(r.problems().badValues()).isEqualTo(2);
        assertThat(((FeatureProfile.Category) r.profile().features().get("ok")).counts()).containsEntry("true", 1L);

        TableReader.Result q = read("d.csv", "note,n\n\"two\nlines\",1\nplain,2\n", null);
        assertThat(q.profile().rows()).isEqualTo(2);
        assertThat(((FeatureProfile.Category) q.profile().features().get("note")).counts()).containsKey("two\nlines");
    }

    @Test
    void emptyFilesAndMissingColumnsAreClearErrors() {
        assertThatThrownBy(() -> read("e.csv", "", null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("empty file");
        assertThatThrownBy(() -> read("e.jsonl", "\n\n", null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("empty file");
        assertThatThrownBy(() -> read("f.csv", "a,b\n1,2\n", List.of(new ProfileBuilder.Column("z",
                ProfileBuilder.Kind.NUMERIC)))).isInstanceOf(InvalidInputException.class).hasMessageContaining("[z]");
    }

    @Test
    void largeColumnsSwitchFromExactValuesToTheSketch() throws IOException {
        StringBuilder sb = new StringBuilder("v\n");
        for (int i = 0; i < ProfileBuilder.EXACT_CAP + 5; i++) {
            sb.append(i % 1000).append('.').append(i % 7).append('\n');
        }
        Profile p = read("g.csv", sb.toString(), null).profile();
        NumericSample s = ((FeatureProfile.Numeric) p.features().get("v")).sample();
        assertThat(s).isInstanceOf(SketchSample.class);
        assertThat(s.count()).isEqualTo(ProfileBuilder.EXACT_CAP + 5);
        assertThat(s.quantile(0.5)).isCloseTo(500, org.assertj.core.data.Offset.offset(30.0));
    }

    @Test
    void numbersParseAsDoubleParseDoubleDoes() {
        for (String s : List.of("0", "-0", "1", "3.14159", "-2.5e-3", "1E10", "123456789012345", "0.1", "1e22", "1e23",
                "9007199254740993", "0.000001234", "+7", "12345678901234567890", "1.7976931348623157e308", " 42 ")) {
            byte[] b = s.getBytes();
            assertThat(Numbers.parse(b, 0, b.length)).as(s).isEqualTo(Double.parseDouble(s.trim()));
        }
        for (String s : List.of("", "abc", "1.2.3", "NaN", "Infinity", "0x10", "1e", "--1", "1d", "1e999")) {
            byte[] b = s.getBytes();
            assertThat(Numbers.parse(b, 0, b.length)).as(s).isNaN();
        }
    }
}
