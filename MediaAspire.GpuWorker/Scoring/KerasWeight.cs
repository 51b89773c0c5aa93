namespace MediaAspire.GpuWorker.Scoring;

/// <summary>One dequantized weight tensor as Keras stores it (channels-last shapes, row-major values).</summary>
internal sealed record KerasWeight(string Name, int[] Shape, float[] Values);
