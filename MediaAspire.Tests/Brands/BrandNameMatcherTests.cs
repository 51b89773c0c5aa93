using MediaAspire.GpuWorker.Brands;
using MediaAspire.Platform.Brands;

namespace MediaAspire.Tests.Brands;

public sealed class BrandNameMatcherTests
{
    private static readonly BrandDefinition Heliotrope = new(Guid.NewGuid(), "Heliotrope Sports", ["Helio"], 0.5, []);
    private static readonly BrandDefinition Nova = new(Guid.NewGuid(), "Nova", [], 0.5, []);
    private static readonly BrandDefinition Paramount = new(Guid.NewGuid(), "Paramount", [], 0.5, []);
    private readonly BrandNameMatcher _matcher = new([Heliotrope, Nova, Paramount]);

    private string[] Found(string text) => _matcher.Find(text).Select(f => f.Brand.Name).Order().ToArray();

    [Theory]
    [InlineData("HELIOTROPE SPORTS", "Heliotrope Sports")]
    [InlineData("live: heliotrope sports cup", "Heliotrope Sports")]
    [InlineData("HELIOTR0PE SP0RTS", "Heliotrope Sports")] // two OCR errors in a long name
    [InlineData("HELIOTROPESPORTS", "Heliotrope Sports")] // a dropped space
    [InlineData("Presented by NOVA.", "Nova")]
    [InlineData("PARAM0UNT", "Paramount")] // one error in nine letters
    [InlineData("helio", "Heliotrope Sports")] // an alias
    public void Finds_names_case_insensitively_and_through_a_few_OCR_errors(string text, string brand) =>
        Assert.Equal([brand], Found(text));

    [Theory]
    [InlineData("Novartis")] // a short name only as a whole word
    [InlineData("N0VA")] // no errors tolerated in a four-letter name
    [InlineData("HELIOTR00E SP0RT")] // three errors is too many
    [InlineData("PARAM0UNX")] // two errors in nine letters is too many
    [InlineData("supernova")]
    public void Does_not_match_inside_words_or_with_too_many_errors(string text) => Assert.Empty(Found(text));

    [Fact]
    public void Similarity_says_how_close() =>
        Assert.Equal(1 - 2.0 / 16, _matcher.Find("HELIOTR0PE SP0RTS").Single().Similarity, 6);
}
