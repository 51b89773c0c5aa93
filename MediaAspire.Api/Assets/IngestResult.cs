using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Jobs;

namespace MediaAspire.Api.Assets;

/// <param name="Duplicate">True when these bytes were already an asset: <see cref="Asset"/> and <see cref="Job"/> are the existing ones.</param>
public sealed record IngestResult(Asset Asset, Job Job, bool Duplicate);
