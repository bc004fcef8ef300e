package dev.mlflowoperator.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;

/**
 * A YAML parser that stops at the first alias ({@code *name}, also behind a merge key {@code <<: *name}): Jackson
 * would hand it on as the text {@code name}, silently putting the anchor's name where its value was meant.
 */
final class AliasRefusingParser extends JsonParserDelegate {
  /** An alias was found; the message says where and what to do. */
  static final class AliasRefused extends JsonParseException {
    AliasRefused(YAMLParser parser, String alias, JsonLocation at) {
      super(parser, "YAML alias *" + alias + " at line " + at.getLineNr() + ", column " + at.getColumnNr()
          + " is not accepted; write the value out in full (aliases, and so merge keys, are not supported)", at);
    }

    /** The message without Jackson's location suffix. */
    String problem() {
      return getOriginalMessage();
    }
  }

  private final YAMLParser yaml;

  AliasRefusingParser(YAMLParser yaml) {
    super(yaml);
    this.yaml = yaml;
  }

  @Override
  public JsonToken nextToken() throws IOException {
    JsonToken token = yaml.nextToken();
    if (yaml.isCurrentAlias()) {
      throw new AliasRefused(yaml, yaml.getText(), yaml.currentTokenLocation());
    }
    return token;
  }

  @Override
  public JsonToken nextValue() throws IOException {
    JsonToken token = nextToken();
    return token == JsonToken.FIELD_NAME ? nextToken() : token;
  }
}
