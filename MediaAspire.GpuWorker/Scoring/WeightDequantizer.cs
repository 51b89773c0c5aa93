namespace MediaAspire.GpuWorker.Scoring;

/// <summary>
/// Turns a tfjs weight spec's bytes into floats. Quantized weights (tfjs-converter's affine uint8/uint16
/// quantization) are <c>min + scale * stored</c>, computed in double and rounded to float as tfjs does in
/// JavaScript; unquantized float32 weights are read as they are.
/// </summary>
internal static class WeightDequantizer
{
    public static int StoredBytesPerValue(string dtype, string? quantizationDtype) => quantizationDtype switch
    {
        null when dtype == "float32" => 4,
        "uint8" => 1,
        "uint16" => 2,
        _ => throw new NotSupportedException($"Unsupported weight encoding: dtype {dtype}, quantization {quantizationDtype ?? "none"}."),
    };

    public static float[] Dequantize(ReadOnlySpan<byte> stored, int count, string dtype, string? quantizationDtype, double min, double scale)
    {
        var values = new float[count];
        switch (StoredBytesPerValue(dtype, quantizationDtype))
        {
            case 4:
                for (var i = 0; i < count; i++) values[i] = BitConverter.ToSingle(stored.Slice(i * 4, 4));
                break;
            case 1:
                for (var i = 0; i < count; i++) values[i] = (float)(scale * stored[i] + min);
                break;
            default:
                for (var i = 0; i < count; i++) values[i] = (float)(scale * BitConverter.ToUInt16(stored.Slice(i * 2, 2)) + min);
                break;
        }
        return values;
    }
}
