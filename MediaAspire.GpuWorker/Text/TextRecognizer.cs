using System.Text;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OpenCvSharp;

namespace MediaAspire.GpuWorker.Text;

/// <summary>
/// PP-OCRv4 text-line recognition (SVTR-LCNet, CTC), with PaddleOCR's pre- and post-processing
/// (tools/infer/predict_rec.py resize_norm_img, ppocr/postprocess/rec_postprocess.py CTCLabelDecode): each line
/// image scaled to a height of 48 keeping its aspect ratio, (pixel / 255 - 0.5) / 0.5, lines batched by width and
/// padded with zeros to the widest (at least 320); per time step the most probable class, repeats collapsed and the
/// CTC blank (class 0) dropped. Classes: blank, the 6,623 characters of ppocr_keys_v1.txt, then a space.
/// Thread-safe: ONNX Runtime sessions run concurrent calls.
/// </summary>
internal sealed class TextRecognizer
{
    private const int Height = 48;
    private const int MinWidth = 320;
    private const int BatchSize = 6;

    private readonly InferenceSession _session;
    private readonly string _input;
    private readonly string[] _characters;

    public TextRecognizer(InferenceSession session, string dictionaryPath)
    {
        _session = session;
        _input = session.InputMetadata.Keys.Single();
        var classes = session.OutputMetadata.Values.Single().Dimensions[^1];
        _characters = ["", .. File.ReadAllLines(dictionaryPath, Encoding.UTF8), " "];
        if (_characters.Length != classes)
            throw new InvalidDataException($"{dictionaryPath} holds {_characters.Length - 2} characters; the recogniser has {classes} classes (blank and space besides).");
    }

    /// <summary>Text and mean character probability per line image (BGR), in the order given.</summary>
    public (string Text, double Confidence)[] Recognize(IReadOnlyList<Mat> lines)
    {
        var results = new (string, double)[lines.Count];
        // Batches of similar widths waste the least padding (PaddleOCR sorts by aspect ratio the same way).
        var order = Enumerable.Range(0, lines.Count).OrderBy(i => (double)lines[i].Cols / lines[i].Rows).ToArray();
        foreach (var batch in order.Chunk(BatchSize))
        {
            var widest = batch.Max(i => (double)lines[i].Cols / lines[i].Rows);
            var width = Math.Max(MinWidth, (int)(Height * widest));
            var data = new float[batch.Length * 3 * Height * width];
            for (var b = 0; b < batch.Length; b++) Fill(lines[batch[b]], width, data, b * 3 * Height * width);

            using var output = _session.Run([NamedOnnxValue.CreateFromTensor(_input, new DenseTensor<float>(data, [batch.Length, 3, Height, width]))]);
            var probabilities = (DenseTensor<float>)output[0].AsTensor<float>();
            var (steps, classes) = (probabilities.Dimensions[1], probabilities.Dimensions[2]);
            var all = probabilities.Buffer.Span;
            for (var b = 0; b < batch.Length; b++)
                results[batch[b]] = Decode(all.Slice(b * steps * classes, steps * classes), steps, classes);
        }
        return results;
    }

    /// <summary>The line scaled to the model's height (width rounded up, at most the batch width), normalised to [-1, 1], left-aligned in the padded width.</summary>
    private static void Fill(Mat line, int width, float[] data, int offset)
    {
        var scaledWidth = Math.Min(width, (int)Math.Ceiling(Height * (double)line.Cols / line.Rows));
        using var resized = new Mat();
        Cv2.Resize(line, resized, new Size(Math.Max(1, scaledWidth), Height));
        using var scaled = new Mat();
        resized.ConvertTo(scaled, MatType.CV_32FC3, 2 / 255.0, -1);
        Cv2.Split(scaled, out var planes);
        try
        {
            for (var c = 0; c < 3; c++)
            {
                planes[c].GetArray(out float[] plane);
                for (var y = 0; y < Height; y++)
                    Array.Copy(plane, y * resized.Cols, data, offset + (c * Height + y) * width, resized.Cols);
            }
        }
        finally
        {
            foreach (var plane in planes) plane.Dispose();
        }
    }

    /// <summary>CTC greedy decoding: the best class per step, repeats merged, blanks dropped; confidence = mean best probability of the characters kept.</summary>
    private (string Text, double Confidence) Decode(ReadOnlySpan<float> probabilities, int steps, int classes)
    {
        var text = new StringBuilder();
        double sum = 0;
        var kept = 0;
        var previous = -1;
        for (var t = 0; t < steps; t++)
        {
            var row = probabilities.Slice(t * classes, classes);
            var best = 0;
            for (var k = 1; k < classes; k++) if (row[k] > row[best]) best = k;
            if (best != 0 && best != previous)
            {
                text.Append(_characters[best]);
                sum += row[best];
                kept++;
            }
            previous = best;
        }
        return kept == 0 ? ("", 0) : (text.ToString(), sum / kept);
    }
}
