using System.Globalization;
using System.Text.Json;
using Google.Protobuf.Reflection;
using LLMEmbed.Grains.Abstractions.Errors;

namespace LLMEmbed.Gateway.Http;

/// <summary>
/// Checks a JSON value against a request message before JSON transcoding parses it, so every unknown
/// field and wrong type is refused with the field's path (e.g. <c>examples[2].label</c>, proto names)
/// instead of transcoding's unnamed "not correctly formatted". Accepts what proto3 JSON accepts:
/// a field's proto or JSON name, null for the default, 64-bit integers as numbers or strings,
/// enums by name or number, wrapper types as their bare value.
/// </summary>
internal static class ProtoJsonShape
{
    private const string WrappersFile = "google/protobuf/wrappers.proto";

    public static void Validate(JsonElement value, MessageDescriptor message, string path)
    {
        if (value.ValueKind == JsonValueKind.Null) return;
        if (value.ValueKind != JsonValueKind.Object) throw Wrong(path.Length == 0 ? "body" : path, "an object", value);
        foreach (var property in value.EnumerateObject())
        {
            var field = Find(message, property.Name);
            var fieldPath = path.Length == 0 ? (field?.Name ?? property.Name) : $"{path}.{field?.Name ?? property.Name}";
            if (field is null) throw new InvalidRequestException($"{fieldPath}: unknown field \"{property.Name}\" in {message.Name}.", fieldPath);
            ValidateField(property.Value, field, fieldPath);
        }
    }

    public static FieldDescriptor? Find(MessageDescriptor message, string name) =>
        message.Fields.InFieldNumberOrder().FirstOrDefault(f => f.Name == name || f.JsonName == name);

    private static void ValidateField(JsonElement value, FieldDescriptor field, string path)
    {
        if (value.ValueKind == JsonValueKind.Null) return;
        if (field.IsMap)
        {
            if (value.ValueKind != JsonValueKind.Object) throw Wrong(path, "an object (a map)", value);
            var valueField = field.MessageType.FindFieldByNumber(2);
            foreach (var entry in value.EnumerateObject()) ValidateSingle(entry.Value, valueField, $"{path}[{entry.Name}]");
            return;
        }
        if (field.IsRepeated)
        {
            if (value.ValueKind != JsonValueKind.Array) throw Wrong(path, "an array", value);
            var i = 0;
            foreach (var item in value.EnumerateArray()) ValidateSingle(item, field, $"{path}[{i++}]");
            return;
        }
        ValidateSingle(value, field, path);
    }

    private static void ValidateSingle(JsonElement value, FieldDescriptor field, string path)
    {
        switch (field.FieldType)
        {
            case FieldType.Message when field.MessageType.File.Name == WrappersFile:
                // A wrapper (google.protobuf.Int32Value, ...) is written as its bare value in proto3 JSON.
                ValidateSingle(value, field.MessageType.FindFieldByNumber(1), path);
                return;
            case FieldType.Message:
                Validate(value, field.MessageType, path);
                return;
            case FieldType.String:
                if (value.ValueKind != JsonValueKind.String) throw Wrong(path, "a string", value);
                return;
            case FieldType.Bytes:
                if (value.ValueKind != JsonValueKind.String || !IsBase64(value.GetString()!)) throw Wrong(path, "base64 text", value);
                return;
            case FieldType.Bool:
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw Wrong(path, "true or false", value);
                return;
            case FieldType.Enum:
                if (value.ValueKind == JsonValueKind.String && field.EnumType.FindValueByName(value.GetString()!) is not null) return;
                if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && field.EnumType.FindValueByNumber(number) is not null) return;
                throw new InvalidRequestException(
                    $"{path} must be one of {string.Join(", ", field.EnumType.Values.Select(v => v.Name))}, got {value.GetRawText()}.", path);
            case FieldType.Double or FieldType.Float:
                if (value.ValueKind == JsonValueKind.Number) return;
                if (value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out _)) return;
                throw Wrong(path, "a number", value);
            default:
                if (!IsInteger(value, field.FieldType)) throw Wrong(path, $"an integer ({field.FieldType.ToString().ToLowerInvariant()})", value);
                return;
        }
    }

    /// <summary>A query-string or path value for a scalar field (transcoding binds those by field name).</summary>
    public static void ValidateText(string text, FieldDescriptor field, string path)
    {
        var ok = field.FieldType switch
        {
            FieldType.String => true,
            FieldType.Bool => text is "true" or "false",
            FieldType.Enum => field.EnumType.FindValueByName(text) is not null || (int.TryParse(text, out var n) && field.EnumType.FindValueByNumber(n) is not null),
            FieldType.Double or FieldType.Float => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
            FieldType.Message or FieldType.Bytes or FieldType.Group => false,
            _ => IntegerInRange(text, field.FieldType),
        };
        if (!ok) throw new InvalidRequestException($"{path}: \"{text}\" is not a valid {field.FieldType.ToString().ToLowerInvariant()} value.", path);
    }

    private static bool IsInteger(JsonElement value, FieldType type) => value.ValueKind switch
    {
        JsonValueKind.Number => IntegerInRange(value.GetRawText(), type),
        JsonValueKind.String => IntegerInRange(value.GetString()!, type),
        _ => false,
    };

    private static bool IntegerInRange(string text, FieldType type)
    {
        // Proto3 JSON allows an integral value written with an exponent or ".0"; decimal covers the 64-bit range exactly.
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || d != decimal.Truncate(d)) return false;
        return type switch
        {
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => d is >= int.MinValue and <= int.MaxValue,
            FieldType.UInt32 or FieldType.Fixed32 => d is >= 0 and <= uint.MaxValue,
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => d is >= long.MinValue and <= long.MaxValue,
            FieldType.UInt64 or FieldType.Fixed64 => d is >= 0 and <= ulong.MaxValue,
            _ => false,
        };
    }

    private static bool IsBase64(string text) => Convert.TryFromBase64String(text, new byte[text.Length], out _);

    private static InvalidRequestException Wrong(string path, string expected, JsonElement value) =>
        new($"{path} must be {expected}, found {value.ValueKind.ToString().ToLowerInvariant()}.", path);
}
