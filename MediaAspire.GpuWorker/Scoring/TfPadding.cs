using System.Text.Json;

namespace MediaAspire.GpuWorker.Scoring;

/// <summary>
/// TensorFlow's padding rules in PyTorch terms. TF "same" pads (kernel - 1) in total and puts the odd pixel
/// after; PyTorch pads symmetrically, so only the symmetric cases map onto a convolution's own padding and
/// anything else is refused rather than silently shifted by a pixel. Keras MobileNetV2 avoids the
/// asymmetric case on purpose: its stride-2 convolutions are "valid" behind an explicit ZeroPadding2D.
/// </summary>
internal static class TfPadding
{
    /// <summary>The symmetric (height, width) padding a Conv2d needs to reproduce a Keras conv's <c>padding</c>.</summary>
    public static (long Height, long Width) ForConvolution(string padding, int[] kernel, int[] strides) => padding switch
    {
        "valid" => (0, 0),
        "same" when strides.All(s => s == 1) && kernel.All(k => k % 2 == 1) => ((kernel[0] - 1) / 2, (kernel[1] - 1) / 2),
        _ => throw new NotSupportedException(
            $"TF padding '{padding}' with kernel [{string.Join(',', kernel)}] and strides [{string.Join(',', strides)}] is asymmetric; not supported."),
    };

    /// <summary>A ZeroPadding2D config <c>[[top, bottom], [left, right]]</c> in <c>functional.pad</c> order (left, right, top, bottom).</summary>
    public static long[] ForZeroPadding(JsonElement zeroPaddingConfig)
    {
        var padding = zeroPaddingConfig.GetProperty("padding");
        if (padding.ValueKind != JsonValueKind.Array || padding[0].ValueKind != JsonValueKind.Array)
            throw new NotSupportedException($"ZeroPadding2D padding {padding} is not in the [[top, bottom], [left, right]] form.");
        return [padding[1][0].GetInt64(), padding[1][1].GetInt64(), padding[0][0].GetInt64(), padding[0][1].GetInt64()];
    }
}
