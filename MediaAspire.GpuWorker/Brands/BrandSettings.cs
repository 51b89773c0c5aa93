namespace MediaAspire.GpuWorker.Brands;

/// <summary>How the brands stage samples, matches and merges (section <c>Brands</c>).</summary>
public sealed class BrandSettings
{
    public const string Section = "Brands";

    /// <summary>Frames are reduced (by ffmpeg, area-averaged) to this longest side before matching; never enlarged.
    /// 960 px keeps a logo 1/20 of a 1080p picture wide at ~50 px, enough for SIFT's coarser octaves.</summary>
    public int MatchLongSide { get; set; } = 960;

    /// <summary>Read on-screen text (OCR) in every sampled frame and look for the brands' names in it; off, only logos are looked for.</summary>
    public bool ReadText { get; set; } = true;

    /// <summary>Strongest SIFT keypoints kept per frame: what matching costs grows with it.</summary>
    public int MaxFrameKeypoints { get; set; } = 2000;

    /// <summary>Lowe's ratio test: a match counts when its distance is under this share of the next candidate's.</summary>
    public double RatioTest { get; set; } = 0.75;

    /// <summary>Ratio-tested matches a logo needs before a homography is tried.</summary>
    public int MinMatches { get; set; } = 8;

    /// <summary>RANSAC inliers a detection needs whatever the brand's min_score.</summary>
    public int MinInliers { get; set; } = 8;

    /// <summary>RANSAC reprojection threshold, in the reduced frame's pixels.</summary>
    public double RansacThreshold { get; set; } = 5;

    /// <summary>Detections of a brand at most this far apart (seconds) are one appearance: up to two missed samples at 2 frames/s are bridged
    /// (a small logo in a compressed, moving picture is missed now and then).</summary>
    public double GapSeconds { get; set; } = 1.5;

    /// <summary>Appearances shorter than this (seconds, first detection to one interval after the last) are dropped as flickers.</summary>
    public double MinSeconds { get; set; } = 1.0;
}
