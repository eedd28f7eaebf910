namespace TestUtilities;

/// <summary>A response as it came over the wire.</summary>
public sealed record RawResponse(string StatusLine, int Status, ILookup<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers[name].FirstOrDefault();
}
