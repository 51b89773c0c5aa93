using System.Text.Json;
using System.Text.Json.Serialization;

namespace MediaAspire.Platform.Json;

/// <summary>
/// One JSON shape for everything MediaAspire writes: the HTTP API, jsonb columns, queue payloads and
/// the CLI. snake_case matches the seed contract (<c>video_base64</c>, <c>is_explicit</c>).
/// </summary>
public static class PlatformJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        return options;
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options);
}
