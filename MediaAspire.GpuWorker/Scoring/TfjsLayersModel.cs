using System.Text.Json;

namespace MediaAspire.GpuWorker.Scoring;

/// <summary>
/// A tfjs layers model as nsfwjs bundles it: <c>model.min.js</c> (topology + weights manifest) and one
/// <c>{path}.min.js</c> per weight shard (base64). Gives each layer's Keras config by name and every
/// weight dequantized by name, so the network can be built from what the file says.
/// </summary>
internal sealed class TfjsLayersModel
{
    private readonly Dictionary<string, JsonElement> _layers;
    private readonly Dictionary<string, KerasWeight> _weights;

    private TfjsLayersModel(Dictionary<string, JsonElement> layers, Dictionary<string, KerasWeight> weights)
    {
        _layers = layers;
        _weights = weights;
    }

    public static TfjsLayersModel Load(string directory)
    {
        var literal = UmdModuleExport.ReadObjectLiteral(File.ReadAllText(Path.Combine(directory, "model.min.js")));
        using var document = JsonDocument.Parse(JsLiteralToJson.Convert(literal));
        var root = document.RootElement;

        var layers = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var layer in root.GetProperty("modelTopology").GetProperty("model_config").GetProperty("config").GetProperty("layers").EnumerateArray())
            layers[layer.GetProperty("name").GetString()!] = layer.Clone();

        var weights = new Dictionary<string, KerasWeight>(StringComparer.Ordinal);
        foreach (var group in root.GetProperty("weightsManifest").EnumerateArray())
        {
            // A group's shards are one byte stream cut into files; its weights lie in it back to back.
            var data = group.GetProperty("paths").EnumerateArray()
                .SelectMany(p => ReadShard(directory, p.GetString()!))
                .ToArray();
            var offset = 0;
            foreach (var spec in group.GetProperty("weights").EnumerateArray())
            {
                var weight = ReadWeight(spec, data, ref offset);
                weights[weight.Name] = weight;
            }
            if (offset != data.Length)
                throw new InvalidDataException($"Weight shards hold {data.Length} bytes but the manifest describes {offset}.");
        }
        return new TfjsLayersModel(layers, weights);
    }

    public bool HasLayer(string name) => _layers.ContainsKey(name);

    public string ClassName(string layer) => Layer(layer).GetProperty("class_name").GetString()!;

    public JsonElement Config(string layer) => Layer(layer).GetProperty("config");

    /// <summary>The name of the layer feeding <paramref name="layer"/> (its first inbound tensor).</summary>
    public string InputOf(string layer) => Layer(layer).GetProperty("inbound_nodes")[0][0][0].GetString()!;

    public KerasWeight Weight(string name, params int[] expectedShape)
    {
        if (!_weights.TryGetValue(name, out var weight))
            throw new InvalidDataException($"The model has no weight '{name}'.");
        if (!weight.Shape.SequenceEqual(expectedShape))
            throw new InvalidDataException($"Weight '{name}' has shape [{string.Join(',', weight.Shape)}], expected [{string.Join(',', expectedShape)}].");
        return weight;
    }

    public int[] WeightShape(string name) => _weights.TryGetValue(name, out var weight)
        ? weight.Shape
        : throw new InvalidDataException($"The model has no weight '{name}'.");

    private JsonElement Layer(string name) => _layers.TryGetValue(name, out var layer)
        ? layer
        : throw new InvalidDataException($"The model topology has no layer '{name}'.");

    private static byte[] ReadShard(string directory, string path)
    {
        var source = File.ReadAllText(Path.Combine(directory, path + ".min.js"));
        return Convert.FromBase64String(UmdModuleExport.ReadStringLiteral(source));
    }

    private static KerasWeight ReadWeight(JsonElement spec, byte[] data, ref int offset)
    {
        var name = spec.GetProperty("name").GetString()!;
        var shape = spec.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
        var dtype = spec.GetProperty("dtype").GetString()!;
        var count = shape.Aggregate(1, (a, d) => a * d);
        string? quantizationDtype = null;
        double min = 0, scale = 1;
        if (spec.TryGetProperty("quantization", out var quantization))
        {
            quantizationDtype = quantization.GetProperty("dtype").GetString();
            min = quantization.GetProperty("min").GetDouble();
            scale = quantization.GetProperty("scale").GetDouble();
        }
        var length = count * WeightDequantizer.StoredBytesPerValue(dtype, quantizationDtype);
        if (offset + length > data.Length)
            throw new InvalidDataException($"Weight '{name}' runs past the end of its shards.");
        var values = WeightDequantizer.Dequantize(data.AsSpan(offset, length), count, dtype, quantizationDtype, min, scale);
        offset += length;
        return new KerasWeight(name, shape, values);
    }
}
