namespace MediaAspire.Platform.Live;

/// <summary>The live job's parameters: which stream to record and analyse.</summary>
public sealed record LiveJobParameters(Guid StreamId);
