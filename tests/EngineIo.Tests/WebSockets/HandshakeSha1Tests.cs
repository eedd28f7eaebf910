using System.Security.Cryptography;
using System.Text;
using EngineIo.WebSockets;

namespace EngineIo.Tests.WebSockets;

public sealed class HandshakeSha1Tests
{
    [Theory]
    [InlineData("", "da39a3ee5e6b4b0d3255bfef95601890afd80709")]
    [InlineData("abc", "a9993e364706816aba3e25717850c26c9cd0d89d")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1")]
    public void HashesTheStandardsVectors(string message, string expected)
    {
        Assert.Equal(expected, Hash(Encoding.ASCII.GetBytes(message)));
    }

    [Fact]
    public void MatchesThePlatformAtEveryLengthAroundTheBlockBoundaries()
    {
        var random = new Random(6455);
        for (var length = 0; length <= 200; length++)
        {
            var message = new byte[length];
            random.NextBytes(message);
#pragma warning disable CA5350 // The reference the handshake hash is checked against.
            Assert.Equal(Convert.ToHexStringLower(SHA1.HashData(message)), Hash(message));
#pragma warning restore CA5350
        }
    }

    [Fact]
    public void AnswersTheKeyOfRfc6455()
    {
        // RFC 6455 section 1.3: this key is answered with this accept value.
        var accept = new byte[28];
        HttpHeadWriter.WriteAcceptKey("dGhlIHNhbXBsZSBub25jZQ==", accept);
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", Encoding.ASCII.GetString(accept));
    }

    private static string Hash(byte[] message)
    {
        var hash = new byte[HandshakeSha1.HashSize];
        HandshakeSha1.HashData(message, hash);
        return Convert.ToHexStringLower(hash);
    }
}
