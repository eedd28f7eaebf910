namespace EngineIo.Tests.SharedSource;

public sealed class SecureRandomTests
{
    [Fact]
    public void FillsEveryByteOfEveryLength()
    {
        // A byte left as it was would show as a value at the same place in every one of 8 fills.
        for (var length = 1; length <= 300; length += 7)
        {
            var seen = new HashSet<byte>[length];
            for (var i = 0; i < length; i++)
            {
                seen[i] = [];
            }

            var buffer = new byte[length];
            for (var fill = 0; fill < 8; fill++)
            {
                global::SharedSource.SecureRandom.Fill(buffer);
                for (var i = 0; i < length; i++)
                {
                    seen[i].Add(buffer[i]);
                }
            }

            Assert.All(seen, values => Assert.True(values.Count > 1));
        }
    }

    [Fact]
    public void SpreadsOverEveryByteValue()
    {
        var buffer = new byte[1 << 16];
        global::SharedSource.SecureRandom.Fill(buffer);

        var counts = new int[256];
        foreach (var value in buffer)
        {
            counts[value]++;
        }

        // 256 expected per value; a uniform source stays far inside these bounds (p < 1e-9 outside).
        Assert.All(counts, count => Assert.InRange(count, 150, 370));
    }
}
