using MediaAspire.Platform.Jobs;

namespace MediaAspire.Api.Assets;

/// <summary>The job a new asset starts with: a probe unless an endpoint wants another (classify does its own probe).</summary>
public sealed record FirstJob(string Kind, object? Parameters = null)
{
    public static readonly FirstJob Probe = new(JobKinds.Probe);
}
