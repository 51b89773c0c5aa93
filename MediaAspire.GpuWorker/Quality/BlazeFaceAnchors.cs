namespace MediaAspire.GpuWorker.Quality;

/// <summary>
/// The SSD anchors BlazeFace was trained with (MediaPipe's SsdAnchorsCalculator with the face-detection options:
/// 4 layers, anchor offset 0.5, aspect ratio 1 plus the interpolated one, fixed anchor size). Consecutive layers with
/// the same stride share their cells, so the 128×128 model's strides 8, 16, 16, 16 give a 16×16 grid with 2 anchors per
/// cell and an 8×8 grid with 6 (896 anchors), and the 256×256 model's strides 16, 32, 32, 32 the same grids.
/// Anchors are cell centres, normalised to 0..1, in the order the model's outputs list them (grid by grid, row by row).
/// </summary>
internal static class BlazeFaceAnchors
{
    public static (float X, float Y)[] For(int inputSize, IReadOnlyList<int> strides)
    {
        var anchors = new List<(float, float)>();
        for (var layer = 0; layer < strides.Count;)
        {
            var last = layer;
            while (last + 1 < strides.Count && strides[last + 1] == strides[layer]) last++;
            var perCell = 2 * (last - layer + 1);
            var cells = (int)Math.Ceiling((double)inputSize / strides[layer]);
            for (var y = 0; y < cells; y++)
                for (var x = 0; x < cells; x++)
                    for (var a = 0; a < perCell; a++)
                        anchors.Add(((x + 0.5f) / cells, (y + 0.5f) / cells));
            layer = last + 1;
        }
        return [.. anchors];
    }
}
