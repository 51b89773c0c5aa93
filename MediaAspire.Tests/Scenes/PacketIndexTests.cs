using MediaAspire.GpuWorker.Scenes;

namespace MediaAspire.Tests.Scenes;

public sealed class PacketIndexTests
{
    [Fact]
    public void Finds_keyframes_gop_length_and_the_packets_that_jump_out_of_line()
    {
        // 25 fps, keyframes every 2 s; B-frames of 1 kB and P-frames of 10 kB; one predicted frame coded almost
        // like a keyframe (a cut) at 3.0 s.
        var packets = Enumerable.Range(0, 150).Select(n =>
        {
            var pts = n / 25.0;
            var key = n % 50 == 0;
            var size = key ? 200_000 : n == 75 ? 150_000 : n % 4 == 0 ? 10_000 : 1_000;
            return new VideoPacket(pts, size, key);
        });

        var index = new PacketIndex(packets);

        Assert.Equal([0.0, 2.0, 4.0], index.Keyframes);
        Assert.Equal(2.0, index.MeanGopSeconds, 6);
        Assert.Equal([3.0], index.SizeJumps);
        Assert.True(index.HasSizeJumpBetween(2.0, 4.0));
        Assert.False(index.HasSizeJumpBetween(0.0, 2.0));
        Assert.False(index.HasSizeJumpBetween(3.0, 4.0));
    }

    [Theory]
    [InlineData("1.480000,1.400000,20575,__", 1.48, 20575, false)]
    [InlineData("6.000000,5.920000,514018,K_", 6.0, 514018, true)]
    [InlineData("N/A,0.040000,900,__", 0.04, 900, false)]
    public void Reads_ffprobe_packet_lines(string line, double pts, int size, bool key)
    {
        Assert.Equal(new VideoPacket(pts, size, key), PacketIndex.Parse(line));
    }

    [Fact]
    public void Ignores_lines_that_are_not_packets() => Assert.Null(PacketIndex.Parse("N/A,N/A,12,__"));
}
