namespace MediaAspire.Platform.Verdicts;

/// <summary>A tag of the whole video (drawing or photo, faces, technical tags) with the share of keyframes that support it.</summary>
public sealed record SceneTag(string Tag, double Confidence);
