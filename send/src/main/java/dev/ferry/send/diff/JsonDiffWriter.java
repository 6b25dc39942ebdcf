package dev.ferry.send.diff;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.ferry.stream.ByteString;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * The JSON form: one object per change and line (JSON Lines), e.g.
 * <pre>
 * {"change":"renamed","type":"file","path":"a/draft","new_path":"b/final"}
 * {"change":"modified","type":"file","path":"notes","aspects":["data","size","mtime","ctime"],"xattrs_set":["user.tag"]}
 * </pre>
 * {@code change} is {@code added}, {@code deleted}, {@code renamed}, {@code modified},
 * {@code link_added} or {@code link_removed}; {@code type} is {@code file}, {@code dir},
 * {@code symlink}, {@code block}, {@code char}, {@code fifo} or {@code socket}; paths are
 * relative to the snapshot root ({@code ""} is the root). As in {@code ferry dump --json}, a path
 * that is not valid UTF-8 is given as base64 under the key with a {@code _base64} suffix
 * ({@code "path_base64":"..."}); xattr names that are not UTF-8 go to {@code xattrs_set_base64}
 * and {@code xattrs_removed_base64}. Empty lists are left out.
 */
public final class JsonDiffWriter implements DiffWriter {
    private final JsonGenerator json;

    public JsonDiffWriter(OutputStream out) throws IOException {
        JsonFactory factory = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();
        this.json = factory.createGenerator(out, JsonEncoding.UTF8);
        json.setRootValueSeparator(null);
    }

    @Override
    public void write(PathChange change) throws IOException {
        json.writeStartObject();
        json.writeStringField("change", change.kind().word());
        json.writeStringField("type", change.type().word());
        bytes("path", change.path());
        if (change.newPath().isPresent()) {
            bytes("new_path", change.newPath().get());
        }
        if (!change.aspects().isEmpty()) {
            json.writeArrayFieldStart("aspects");
            for (Aspect aspect : change.aspects()) {
                json.writeString(aspect.word());
            }
            json.writeEndArray();
        }
        names("xattrs_set", change.xattrsSet());
        names("xattrs_removed", change.xattrsRemoved());
        json.writeEndObject();
        json.writeRaw('\n');
    }

    @Override
    public void flush() throws IOException {
        json.flush();
    }

    private void bytes(String key, ByteString value) throws IOException {
        if (value.isUtf8()) {
            json.writeStringField(key, value.utf8());
        } else {
            json.writeStringField(key + "_base64", base64(value));
        }
    }

    private void names(String key, Collection<ByteString> names) throws IOException {
        List<String> text = new ArrayList<>();
        List<String> binary = new ArrayList<>();
        for (ByteString name : names) {
            if (name.isUtf8()) {
                text.add(name.utf8());
            } else {
                binary.add(base64(name));
            }
        }
        array(key, text);
        array(key + "_base64", binary);
    }

    private void array(String key, List<String> values) throws IOException {
        if (values.isEmpty()) {
            return;
        }
        json.writeArrayFieldStart(key);
        for (String v : values) {
            json.writeString(v);
        }
        json.writeEndArray();
    }

    private static String base64(ByteString value) {
        return Base64.getEncoder().encodeToString(value.toByteArray());
    }
}
