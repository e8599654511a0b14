package dev.fixline.ownership;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.fixline.limits.ControlCharacters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Reads a rules file into a complete {@link RuleSet}, or says which line is wrong and why. */
final class RulesFileReader {

    // Unknown keys and a key given twice are errors: a misspelt condition would otherwise widen a rule
    // silently, and a repeated one would make the earlier value vanish.
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION))
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private RulesFileReader() {
    }

    static RuleSet read(Path file) throws RulesFileException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new RulesFileException(null, "the file does not exist");
        } catch (IOException e) {
            // The exception's class says why; its message would repeat the absolute path.
            throw new RulesFileException(null, "the file cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        RulesFile parsed;
        try (JsonParser parser = YAML.createParser(content)) {
            // A file of nothing but comments has no first token; say so rather than "no content to map".
            parsed = parser.nextToken() == null ? null : YAML.readValue(parser, RulesFile.class);
        } catch (JsonProcessingException e) {
            MarkedYAMLException yaml = yamlCause(e);
            if (yaml != null && yaml.getProblemMark() != null) {
                // Jackson's location is the last token it read; SnakeYAML's mark is where the syntax broke.
                String context = yaml.getContext() == null ? "" : " (" + yaml.getContext() + ")";
                throw new RulesFileException(yaml.getProblemMark().getLine() + 1, yaml.getProblem() + context);
            }
            throw new RulesFileException(line(e.getLocation()), reason(e));
        } catch (IOException e) {
            throw new RulesFileException(null, "the file cannot be read: " + e.getMessage());
        }
        if (parsed == null) {
            throw new RulesFileException(null, "the file is empty");
        }
        refuseControlCharacters(content);
        return parsed.validated();
    }

    /**
     * Names, addresses and patterns are one line: a control character (YAML's {@code "\0"} escape gives a NUL)
     * would reach the database, which refuses it, or a mail's headers.
     */
    private static void refuseControlCharacters(byte[] content) throws RulesFileException {
        try {
            String fault = controlCharacter(YAML.readTree(content), "");
            if (fault != null) {
                throw new RulesFileException(null, fault);
            }
        } catch (IOException e) {
            throw new RulesFileException(null, "the file cannot be read: " + e.getMessage());
        }
    }

    private static String controlCharacter(JsonNode node, String path) {
        if (node.isTextual() && ControlCharacters.inLine(node.asText()) >= 0) {
            return (path.isEmpty() ? "a value" : path) + " " + ControlCharacters.describe(node.asText(),
                    ControlCharacters.inLine(node.asText()));
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String fault = controlCharacter(node.get(i), path + "[" + i + "]");
                if (fault != null) {
                    return fault;
                }
            }
        }
        for (var fields = node.fields(); node.isObject() && fields.hasNext(); ) {
            var field = fields.next();
            String name = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            if (ControlCharacters.inLine(field.getKey()) >= 0) {
                return "a key " + ControlCharacters.describe(field.getKey(), ControlCharacters.inLine(field.getKey()));
            }
            String fault = controlCharacter(field.getValue(), name);
            if (fault != null) {
                return fault;
            }
        }
        return null;
    }

    private static MarkedYAMLException yamlCause(Throwable e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof MarkedYAMLException marked) {
                return marked;
            }
        }
        return null;
    }

    private static Integer line(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? null : location.getLineNr();
    }

    private static String reason(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown key '" + unknown.getPropertyName() + "'";
        }
        if (e instanceof InvalidFormatException format) {
            return key(format) + "'" + format.getValue() + "' is not " + (Number.class.isAssignableFrom(
                    format.getTargetType()) ? "a whole number" : "a valid " + format.getTargetType().getSimpleName());
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getPath().isEmpty()) {
            return "the file must be a mapping with the keys rules, unowned (or fallback), registries and contacts";
        }
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName()
                : e.getOriginalMessage().replaceAll("\\s+", " ").trim();
        return e instanceof JsonMappingException mapping ? key(mapping) + message : message;
    }

    /** The key at fault as a prefix, or nothing when the fault is not under a key. */
    private static String key(JsonMappingException e) {
        List<JsonMappingException.Reference> path = e.getPath();
        String key = path.isEmpty() ? null : path.get(path.size() - 1).getFieldName();
        return key == null ? "" : "'" + key + "': ";
    }
}
