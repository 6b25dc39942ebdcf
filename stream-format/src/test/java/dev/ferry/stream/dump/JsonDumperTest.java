package dev.ferry.stream.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.stream.ByteString;
import dev.ferry.stream.Command;
import dev.ferry.stream.Timespec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JsonDumperTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final UUID SNAP1 = UUID.fromString("ebde0678-4778-3b4d-a807-9e61e3b5ac34");

    private static List<JsonNode> dump(Command... commands) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonDumper dumper = new JsonDumper(out);
        for (int i = 0; i < commands.length; i++) {
            dumper.dump(i, 17 + 100L * i, commands[i]);
        }
        dumper.flush();
        String text = out.toString(StandardCharsets.UTF_8);
        List<JsonNode> objects = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                objects.add(MAPPER.readTree(line));
            }
        }
        assertEquals(commands.length, objects.size(), text);
        assertEquals(true, text.endsWith("\n"), "every object ends its line");
        return objects;
    }

    @Test
    void oneObjectPerCommandWithPositionTitleAndFields() throws IOException {
        List<JsonNode> json = dump(new Command.Subvol(ByteString.utf8("snap1"), SNAP1, 7),
                new Command.Write(ByteString.utf8("dir/f\u00e9"), 4096, ByteString.of(new byte[1000])),
                new Command.End());
        assertEquals(MAPPER.readTree("""
                {"index":0,"offset":17,"command":"subvol","path":"snap1","uuid":"ebde0678-4778-3b4d-a807-9e61e3b5ac34","ctransid":7}
                """), json.get(0));
        assertEquals(MAPPER.readTree("""
                {"index":1,"offset":117,"command":"write","path":"dir/f\u00e9","file_offset":4096,"data_len":1000}
                """), json.get(1));
        assertEquals(MAPPER.readTree("{\"index\":2,\"offset\":217,\"command\":\"end\"}"), json.get(2));
    }

    @Test
    void bytesThatAreNotUtf8GoOutAsBase64UnderADistinctKey() throws IOException {
        byte[] name = {'a', (byte) 0xff, '\n'};
        byte[] value = {0, 1, 2, (byte) 0x80};
        JsonNode xattr = dump(new Command.SetXattr(ByteString.of(name), ByteString.utf8("user.k"), ByteString.of(value))).get(0);
        assertEquals(Base64.getEncoder().encodeToString(name), xattr.get("path_base64").asText());
        assertFalse(xattr.has("path"));
        assertEquals("user.k", xattr.get("xattr_name").asText());
        assertEquals(Base64.getEncoder().encodeToString(value), xattr.get("xattr_data_base64").asText());

        JsonNode nul = dump(new Command.SetXattr(ByteString.utf8("f"), ByteString.utf8("user.k"), ByteString.utf8("a\u0000b"))).get(0);
        assertEquals("a\u0000b", nul.get("xattr_data").asText(), "valid UTF-8 with a NUL stays a string");
    }

    @Test
    void timesAreUtcIsoWithNanosecondsAndAbsentAttributesAreOmitted() throws IOException {
        JsonNode utimes = dump(new Command.Utimes(ByteString.EMPTY, new Timespec(1_795_295_978L, 668_430_964L),
                new Timespec(0, 0), new Timespec(-1, 5), Optional.empty())).get(0);
        assertEquals("", utimes.get("path").asText());
        assertEquals("2026-11-21T21:19:38.668430964Z", utimes.get("atime").asText());
        assertEquals("1970-01-01T00:00:00.000000000Z", utimes.get("mtime").asText());
        assertEquals("1969-12-31T23:59:59.000000005Z", utimes.get("ctime").asText());
        assertFalse(utimes.has("otime"));

        JsonNode odd = dump(new Command.Utimes(ByteString.EMPTY, new Timespec(1, 1_500_000_000L), new Timespec(Long.MAX_VALUE, 0),
                new Timespec(0, 0), Optional.of(new Timespec(0, 0)))).get(0);
        assertEquals(MAPPER.readTree("{\"seconds\":1,\"nanoseconds\":1500000000}"), odd.get("atime"));
        assertEquals(Long.MAX_VALUE, odd.get("mtime").get("seconds").asLong());
        assertEquals("1970-01-01T00:00:00.000000000Z", odd.get("otime").asText());
    }

    @Test
    void unsignedNumbersStayUnsigned() throws IOException {
        JsonNode chown = dump(new Command.Chown(ByteString.utf8("f"), -1L, 5)).get(0);
        assertEquals("18446744073709551615", chown.get("uid").bigIntegerValue().toString());
        JsonNode encoded = dump(new Command.EncodedWrite(ByteString.utf8("f"), 0, 5, 6, 0, OptionalInt.of(-1), OptionalInt.empty(),
                ByteString.of(new byte[3]))).get(0);
        assertEquals(4294967295L, encoded.get("compression").asLong());
        assertFalse(encoded.has("encryption"));
        assertEquals(3, encoded.get("data_len").asInt());
    }

    @Test
    void unknownCommandsKeepTheirNumberAndPayload() throws IOException {
        JsonNode unknown = dump(new Command.Unknown(99, ByteString.of((byte) 1, (byte) 2))).get(0);
        assertEquals("unknown", unknown.get("command").asText());
        assertEquals(99, unknown.get("number").asInt());
        assertEquals("AQI=", unknown.get("payload_base64").asText());
    }
}
