using MediaAspire.GpuWorker.Scoring;

namespace MediaAspire.Tests.Infrastructure;

/// <summary>One loaded classifier shared by the scoring tests (loading converts 2.6 M weights).</summary>
public sealed class ClassifierFixture : IDisposable
{
    public ContentClassifier Classifier { get; } = ContentClassifier.Load(new ScoringOptions());

    public void Dispose() => Classifier.Dispose();
}

[CollectionDefinition("scoring")]
public sealed class ScoringCollection : ICollectionFixture<ClassifierFixture>;
