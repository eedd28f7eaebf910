using System.Text;
using SocketIo.Protocol;

namespace SocketIo.Tests.Protocol;

/// <summary>
/// A connection's packet reader on its own: it gives whole packets, and holds a binary packet until its attachments
/// have come, within the byte bound. The attachment timeout is the end-to-end tests' (<c>AttachmentLimitTests</c>): here
/// it is off.
/// </summary>
public sealed class SocketPacketDecoderTests
{
    private const string Placeholder0 = """{"_placeholder":true,"num":0}""";
    private const string Placeholder1 = """{"_placeholder":true,"num":1}""";

    [Fact]
    public void DecodeText_PlainEvent_WholePacketOnTheEnginesBuffer()
    {
        var decoder = NewDecoder();
        var text = Encoding.UTF8.GetBytes("""2/chat,7["e",1]""");

        Assert.Equal(DecodeResult.Packet, decoder.DecodeText(text, Limits, Owner, out var packet));

        Assert.Equal(SocketPacketType.Event, packet.Header.Type);
        Assert.Equal("/chat", packet.Namespace);
        Assert.Equal(7, packet.Header.AckId);
        Assert.Equal("""["e",1]""", Encoding.UTF8.GetString(packet.Payload.Span));
        Assert.Empty(packet.Attachments);
        // Routed before the reader goes on, so nothing is copied.
        Assert.True(packet.Text.Span == text.AsSpan());
    }

    [Fact]
    public void DecodeAttachment_LastOfTheAnnounced_GivesTheWholePacketWithItsOwnCopies()
    {
        var decoder = NewDecoder();
        var text = Encoding.UTF8.GetBytes($$"""52-/chat,3["e",{{Placeholder0}},{{Placeholder1}}]""");
        byte[] first = [1, 2];
        byte[] second = [3];

        Assert.Equal(DecodeResult.None, decoder.DecodeText(text, Limits, Owner, out _));
        Assert.Equal(DecodeResult.None, decoder.DecodeAttachment(first, out _));
        // The engine lends its buffers for one call only.
        text.AsSpan().Clear();
        first.AsSpan().Clear();
        Assert.Equal(DecodeResult.Packet, decoder.DecodeAttachment(second, out var packet));

        Assert.Equal(SocketPacketType.BinaryEvent, packet.Header.Type);
        Assert.Equal("/chat", packet.Namespace);
        Assert.Equal(3, packet.Header.AckId);
        Assert.Equal($$"""["e",{{Placeholder0}},{{Placeholder1}}]""", Encoding.UTF8.GetString(packet.Payload.Span));
        Assert.Equal(["0102", "03"], packet.Attachments.Select(a => Convert.ToHexString(a.Span)));
    }

    [Fact]
    public void DecodeText_AfterABinaryPacketCompleted_ReadsTheNextPacket()
    {
        var decoder = NewDecoder();
        decoder.DecodeText(Encoding.UTF8.GetBytes($$"""51-["e",{{Placeholder0}}]"""), Limits, Owner, out _);
        decoder.DecodeAttachment([1], out _);

        Assert.Equal(DecodeResult.Packet, decoder.DecodeText(Encoding.UTF8.GetBytes("""2["next"]"""), Limits, Owner, out var packet));
        Assert.Equal(SocketPacketType.Event, packet.Header.Type);
    }

    [Fact]
    public void DecodeAttachment_NobodyAnnouncedIt_Malformed()
    {
        var decoder = NewDecoder();

        Assert.Equal(DecodeResult.Malformed, decoder.DecodeAttachment([1], out _));
    }

    [Fact]
    public void DecodeText_WhileAttachmentsAreDue_Malformed()
    {
        var decoder = NewDecoder();
        decoder.DecodeText(Encoding.UTF8.GetBytes($$"""51-["e",{{Placeholder0}}]"""), Limits, Owner, out _);

        Assert.Equal(DecodeResult.Malformed, decoder.DecodeText(Encoding.UTF8.GetBytes("""2["e"]"""), Limits, Owner, out _));
    }

    [Fact]
    public void DecodeAttachment_OverTheByteBoundTogether_TooLargeAndThePacketDropped()
    {
        var decoder = NewDecoder(maxAttachmentBytes: 10);
        decoder.DecodeText(Encoding.UTF8.GetBytes($$"""52-["e",{{Placeholder0}},{{Placeholder1}}]"""), Limits, Owner, out _);

        Assert.Equal(DecodeResult.None, decoder.DecodeAttachment(new byte[6], out _));
        Assert.Equal(DecodeResult.TooLarge, decoder.DecodeAttachment(new byte[5], out _));
        Assert.Equal(DecodeResult.Malformed, decoder.DecodeAttachment(new byte[1], out _));
    }

    [Fact]
    public void Stop_DropsThePacketInProgress()
    {
        var decoder = NewDecoder();
        decoder.DecodeText(Encoding.UTF8.GetBytes($$"""51-["e",{{Placeholder0}}]"""), Limits, Owner, out _);

        decoder.Stop();

        Assert.Equal(DecodeResult.Malformed, decoder.DecodeAttachment([1], out _));
    }

    [Theory]
    [InlineData("9")]
    [InlineData("""11-["e"]""")]
    [InlineData("""2{"not":"an array"}""")]
    public void DecodeText_BreaksTheProtocol_Malformed(string text)
    {
        var decoder = NewDecoder();

        Assert.Equal(DecodeResult.Malformed, decoder.DecodeText(Encoding.UTF8.GetBytes(text), Limits, Owner, out _));
    }

    private SocketPacketLimits Limits { get; set; } = NewLimits(1_000);

    private static IAttachmentTimeoutHandler Owner { get; } = new NoTimeout();

    private SocketPacketDecoder NewDecoder(int maxAttachmentBytes = 1_000)
    {
        Limits = NewLimits(maxAttachmentBytes);
        return default;
    }

    private static SocketPacketLimits NewLimits(int maxAttachmentBytes) =>
        new(maxAttachments: 10, maxAttachmentBytes, Timeout.InfiniteTimeSpan, TimeProvider.System);

    /// <summary>The timeout is off: a call would be a bug.</summary>
    private sealed class NoTimeout : IAttachmentTimeoutHandler
    {
        public void OnAttachmentTimeout() => throw new InvalidOperationException("The attachment timeout is off.");
    }
}
