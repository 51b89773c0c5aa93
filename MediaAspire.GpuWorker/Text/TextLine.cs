using OpenCvSharp;

namespace MediaAspire.GpuWorker.Text;

/// <summary>One line of text read from an image.</summary>
/// <param name="Text">What it says (PP-OCRv4's alphabet: Latin, digits, punctuation and Chinese; words separated by single spaces).</param>
/// <param name="Box">Where it is: the upright rectangle around the (possibly tilted) line, in the input image's pixels.</param>
/// <param name="Confidence">The recogniser's mean probability over the line's characters, 0..1.</param>
public sealed record TextLine(string Text, Rect Box, double Confidence);
