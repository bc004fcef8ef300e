package dev.mlflowoperator.railway.sandbox;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.GraphQLScalarType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Railway's custom scalars in the subset: DateTime (ISO-8601 text), EnvironmentVariables (an object of strings),
 * and the JSON objects ServiceInstanceLimit (read) and EnvironmentConfig (written, passed as a variable).
 */
final class SandboxScalars {
  private SandboxScalars() {}

  static final GraphQLScalarType DATE_TIME = GraphQLScalarType.newScalar()
      .name("DateTime")
      .coercing(new Coercing<String, String>() {
        @Override
        public String serialize(Object value, GraphQLContext context, Locale locale) {
          return value.toString();
        }
      })
      .build();

  static final GraphQLScalarType ENVIRONMENT_VARIABLES = GraphQLScalarType.newScalar()
      .name("EnvironmentVariables")
      .coercing(new JsonObject("EnvironmentVariables") {
        @Override
        public Map<String, Object> parseValue(Object input, GraphQLContext context, Locale locale) {
          Map<String, Object> values = super.parseValue(input, context, locale);
          values.forEach((name, value) -> {
            if (!(value instanceof String)) {
              throw new CoercingParseValueException("The value of variable " + name + " must be a string");
            }
          });
          return values;
        }

        @Override
        public Map<String, Object> parseLiteral(Value<?> input, CoercedVariables variables,
            GraphQLContext context, Locale locale) {
          if (!(input instanceof ObjectValue object)) {
            throw new CoercingParseLiteralException("EnvironmentVariables must be an object of strings");
          }
          Map<String, Object> values = new LinkedHashMap<>();
          for (ObjectField field : object.getObjectFields()) {
            if (!(field.getValue() instanceof StringValue text)) {
              throw new CoercingParseLiteralException(
                  "The value of variable " + field.getName() + " must be a string");
            }
            values.put(field.getName(), text.getValue());
          }
          return values;
        }
      })
      .build();

  static final GraphQLScalarType SERVICE_INSTANCE_LIMIT = GraphQLScalarType.newScalar()
      .name("ServiceInstanceLimit").coercing(new JsonObject("ServiceInstanceLimit")).build();
  static final GraphQLScalarType ENVIRONMENT_CONFIG = GraphQLScalarType.newScalar()
      .name("EnvironmentConfig").coercing(new JsonObject("EnvironmentConfig")).build();

  /** A JSON object scalar; it is taken only as a variable's value, never as a literal in the document. */
  private static class JsonObject implements Coercing<Map<String, Object>, Map<String, Object>> {
    private final String name;

    JsonObject(String name) {
      this.name = name;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> serialize(Object value, GraphQLContext context, Locale locale) {
      return (Map<String, Object>) value;
    }

    @Override
    public Map<String, Object> parseValue(Object input, GraphQLContext context, Locale locale) {
      if (!(input instanceof Map<?, ?> map)) {
        throw new CoercingParseValueException(name + " must be a JSON object");
      }
      Map<String, Object> values = new LinkedHashMap<>();
      map.forEach((key, value) -> values.put(key.toString(), value));
      return values;
    }

    @Override
    public Map<String, Object> parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
        Locale locale) {
      throw new CoercingParseLiteralException("The sandbox takes " + name + " only as a variable");
    }
  }
}
