package dev.fixline.ownership;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import java.io.IOException;

/**
 * A block of the rules file with the line it starts on, so that a rule the file describes correctly
 * but that fails validation (no owner, an unknown severity) can still be reported by line.
 */
@JsonDeserialize(using = Located.Deserializer.class)
record Located<T>(int line, T value) {

    /** Notes the line, then reads the block with the ordinary deserializer of its type. */
    static final class Deserializer extends JsonDeserializer<Located<?>> implements ContextualDeserializer {

        private final JavaType valueType;

        Deserializer() {
            this(null);
        }

        private Deserializer(JavaType valueType) {
            this.valueType = valueType;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            JavaType type = ctxt.getContextualType() != null ? ctxt.getContextualType()
                    : property != null ? property.getType() : null;
            if (type == null || type.containedTypeCount() != 1) {
                throw new IllegalStateException("Located needs its value type, got " + type);
            }
            return new Deserializer(type.containedType(0));
        }

        @Override
        public Located<?> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            int line = p.currentTokenLocation().getLineNr();
            return new Located<>(line, ctxt.readValue(p, valueType));
        }
    }
}
