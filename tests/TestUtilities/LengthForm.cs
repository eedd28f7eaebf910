namespace TestUtilities;

/// <summary>How a client frame writes its payload length.</summary>
public enum LengthForm
{
    /// <summary>The fewest bytes: 7 bits, or 16, or 64.</summary>
    Shortest,

    /// <summary>126 and a 16-bit length, whatever the length.</summary>
    Bits16,

    /// <summary>127 and a 64-bit length, whatever the length.</summary>
    Bits64,
}
