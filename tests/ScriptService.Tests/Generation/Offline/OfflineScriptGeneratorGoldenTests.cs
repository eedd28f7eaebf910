using System.Security.Cryptography;
using System.Text;
using ScriptService.Generation;
using static ScriptService.Tests.Generation.Offline.OfflineTestData;

namespace ScriptService.Tests.Generation.Offline;

/// <summary>
/// Pins the generator's exact output. The expected values are SHA-256 hashes of every title, description and script
/// of a wide matrix of requests, computed from the generator as it was before its rewrite for speed (commit
/// 0c76f87), so any optimisation must stay byte-identical. A deliberate change of wording changes them too: recompute
/// them with <see cref="GroupHash"/> and say so in the commit.
/// </summary>
public sealed class OfflineScriptGeneratorGoldenTests
{
    /// <summary>Topics that exercise the topic paths: short and long (back-references, headline cuts), quotes, braces,
    /// stray whitespace and punctuation, Vietnamese precomposed and decomposed, the benchmark's shape.</summary>
    private static readonly Dictionary<string, string[]> Topics = new(StringComparer.Ordinal)
    {
        ["en"] =
        [
            "climate change",
            "Topic 7",
            "personal finance for young adults who have just started their first job and want to save for a home",
            "  “The {you} paradox”\n\t of 2024!!  ",
            "naïve café culture",
        ],
        ["vi"] =
        [
            "biến đổi khí hậu",
            "Lịch sử Phở Hà Nội",
            "quản lý tài chính cá nhân cho người trẻ mới đi làm ở các thành phố lớn như Hà Nội và Thành phố Hồ Chí Minh",
            "tiếng Việt và ngữ pháp".Normalize(NormalizationForm.FormD),
            "\"Đổi mới {you}\" ...",
        ],
    };

    private static readonly string?[] GoldenStyles =
    [
        "informative", "casual", "humorous", "formal", "inspirational", "storytelling",
        "jazz-noir", null, "a formal tone, please", "hài hước", "Story-Telling!",
    ];

    private static readonly string?[] GoldenAudiences =
    [
        "general", "students", "children", "professionals", "beginners", "parents", "teachers",
        "marine biologists", null, "High-school students", "người mới bắt đầu", "thợ làm bánh",
        "  a very long custom audience name that goes on and on, well beyond sixty characters for sure. ",
    ];

    /// <summary>No sources; one of each kind; two titles; four (more than short and medium quote inline); eight mixed, blanks among them.</summary>
    private static readonly string[][] SourceSets =
    [
        [],
        ["Global average temperature has risen by about 1.1 degrees Celsius since pre-industrial times. This has many consequences."],
        ["“A Short History of Nearly Everything.”"],
        ["https://example.org/climate/basics?x=1"],
        ["IPCC Sixth Assessment Report", "Sách giáo khoa Địa lý lớp 10"],
        ["One", "Two", "Three", "www.example.com"],
        [
            "  ",
            "Phở xuất hiện ở Nam Định đầu thế kỷ 20.",
            string.Join(' ', Enumerable.Repeat("word", 60)),
            "\"Quoted short statement here, yes.\"",
            "http://example.com/a b",
            "Nhiệt độ trung bình toàn cầu đã tăng khoảng 1,1 độ C so với thời kỳ tiền công nghiệp! Điều này kéo theo nhiều hệ quả",
            "\n",
            "Title with a {brace} and trailing dots...",
            "Short one",
            "HTTPS://EXAMPLE.ORG/UPPER",
        ],
    ];

    [Theory]
    [InlineData("en", "short", 0, "867921fa0d70c853134d0b4c49121a9bb85042020663ec1e32aee103e6fcf241")]
    [InlineData("en", "short", 1, "e0e175f41308a7b63c0f7af84c5a58f8e2f7d6305501c57209e708b111699972")]
    [InlineData("en", "short", 2, "385c92a9b9caa7a48eba90ab5eca48989ad390cb06392d8f50e2cd849a04fdac")]
    [InlineData("en", "short", 3, "dd5f21ce91bdb4f0d689806d1585cda7aea7d1762128079d2a732f3682f17c1a")]
    [InlineData("en", "short", 4, "1542b87a2047a9c194ec7a60e0dafb349d6bf2288cff81944d08df16061fc61e")]
    [InlineData("en", "short", 5, "df2c933bdd74c0da55cdc43ee9250edcc1d28d6471855188bbd335d85fcf719e")]
    [InlineData("en", "short", 6, "f629c264cff9018eb9ac6b40585dfa82fca2457384eda1c8c2f324de835171d2")]
    [InlineData("en", "medium", 0, "9e7bd26810faef6764a67220b04fdda04f00056b7fee366be12e7c5068dd6ecd")]
    [InlineData("en", "medium", 1, "f5adfed056007b7821aeef48b79b6b1b5a7ddff9bbc48ce53024018a52b957ce")]
    [InlineData("en", "medium", 2, "a106d5bea258460938ac26cd7818ac0bb32f269f538b894f211e4c54293ccad1")]
    [InlineData("en", "medium", 3, "e76a570f7120b582c2aca8da714edff68ca8cd5ef5c6719e603f9fb8b8f72b81")]
    [InlineData("en", "medium", 4, "413013608265d25e87a01bdca496720d02b7c9126460fba20d6248e8e3723d0b")]
    [InlineData("en", "medium", 5, "a4a759b7ea9bd54119d6cfb3c6237ff43d57e0b0dd0c4e801cc363ea5eff4669")]
    [InlineData("en", "medium", 6, "532b1ac311136764554c1d36b8bb5806e64e1e8afadc39568e2baeec9d04fcb3")]
    [InlineData("en", "long", 0, "118ed525e9d4cc9320eeb17f5e1a56cbcd61d2cf6b23425dee49d10f16692749")]
    [InlineData("en", "long", 1, "063b4c6a640cf7968e917709b676e79e0967823e2e8b1bb75150cb378e8e6c9b")]
    [InlineData("en", "long", 2, "d53dbdfe94f7f29fb84184c2709ab7ee6bcc8911e1ef8ccf73609ed42155156a")]
    [InlineData("en", "long", 3, "25dfbba6dc850042207a940eee44ed9691cf2954005cf778bb4e97616a044ee7")]
    [InlineData("en", "long", 4, "ab6ceec72c551deb289bb7184c409c707fbc8db6992d187cf764bc5ff2287fd6")]
    [InlineData("en", "long", 5, "507bcff91ee0310b34ac46742a10dc95341a2c416e5a20dbcda26689b7cefad9")]
    [InlineData("en", "long", 6, "140a52ba9903150851e1ccbeb84ee71a09cb0f604aa6d6c94b2261de7790e22e")]
    [InlineData("vi", "short", 0, "9d9e3b7a2f959743795f0f52d7fffd287dba8f2058473412f752dedd93a22945")]
    [InlineData("vi", "short", 1, "29d3908173ff969e90d54f9bf64f7bae5517506d7414495ce965bd5f3f894b76")]
    [InlineData("vi", "short", 2, "66af550ce3fbe438020b0f006b42b70174f6d77c6f48f4706c792d84310f048d")]
    [InlineData("vi", "short", 3, "9ec20f24f8eca8065c6e3d9e5ea53afdef953004acb40b67414b0e4a3a5d0907")]
    [InlineData("vi", "short", 4, "37924cde26c0cdf15c237c4417320808a54436964b103bc14a2a61ed66e42302")]
    [InlineData("vi", "short", 5, "b6551b2e25ea223e54c63144f25d0754ec14c66063670580379b5d0426ac8f60")]
    [InlineData("vi", "short", 6, "94cef5ff02524405d1346cde382ebcd80082a9c8ca0900ffe2bb0e51e4bd815a")]
    [InlineData("vi", "medium", 0, "89c2adedb73205e33cc8836e1f9dddc276128382c717dfdd03d505b0c0bac6bc")]
    [InlineData("vi", "medium", 1, "1548b5b803589fcbdcb945f5583dc002657cd0b7c103291412c961bbdf2f66a7")]
    [InlineData("vi", "medium", 2, "42ade8524c27cf33cf33215596ace7270a9ccd3c65f7d8baed8201e8820bff86")]
    [InlineData("vi", "medium", 3, "b3ebd71bde80de72dab907c62adafc9c48b6646d3ac516a4f841c48a001b5baa")]
    [InlineData("vi", "medium", 4, "f6a86cf8d30aa247231d1e398ba4e49cd3f9d63924cd66b43c95aeababdca1d4")]
    [InlineData("vi", "medium", 5, "8002f93a19724b39cf3364c4c13084c99daa2c5fd47543cb23596be90536c250")]
    [InlineData("vi", "medium", 6, "cfeb8104f45cc9e2a5b6d9bf99a55603495a96e8a3fa668a804327d0a1c886eb")]
    [InlineData("vi", "long", 0, "8ddf3460864028e46a2ee3171e59fc86e01c5e53df572266f9a741aeeb60431f")]
    [InlineData("vi", "long", 1, "1d5ad1f905902f9eaaa5e430daf33892641b0dbbcc50d593322ca928f9b60ee8")]
    [InlineData("vi", "long", 2, "8ceb022be4e6b972bed6e97963dd17d621410262714c5326fb5e8015f8312e22")]
    [InlineData("vi", "long", 3, "aec5bc7f0c443a1bcb11242b338ca5ab53f87af57d118b669e7b9c7932a6cbe6")]
    [InlineData("vi", "long", 4, "cf9ea4cb35e8b469391de07d6bca6a6497b541b377ddc2eb9f5fae9770b5b93f")]
    [InlineData("vi", "long", 5, "77f428a96b700f2fd3796ac2b7e4a8c05dd0b38d83cc6655f01647b3ec92575b")]
    [InlineData("vi", "long", 6, "6fa259780557ef7e5fb72e5253962341af5eb6ed031bb5945372c4e7b081db9c")]
    public void GenerateAsync_RequestMatrix_IsByteIdenticalToThePinnedOutput(string language, string length, int sourceSet, string expected)
    {
        Assert.Equal(expected, GroupHash(language, length, sourceSet));
    }

    [Theory]
    [InlineData("en", "d0a5aa89154488b8d87f5bc2292fe1bec3b9aa0b9459e4ef26b64aca4505d840")]
    [InlineData("vi", "241baee76ec86f14e7194c314dfe43b5a6bef495978ead8dab9ecdcbf0755975")]
    public void GenerateAsync_BenchmarkShapedRequests_AreByteIdenticalToThePinnedOutput(string language, string expected)
    {
        // The jobs benchmark's requests: "Topic N", no style, audience or sources.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var length in Lengths)
        {
            for (var n = 1; n <= 200; n++)
            {
                Append(hash, Generate(Request($"Topic {n}", language, length, style: null, audience: null)));
            }
        }

        Assert.Equal(expected, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>One hash over every topic, style and audience of one language, length and source set, in a fixed order.</summary>
    private static string GroupHash(string language, string length, int sourceSet)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var topic in Topics[language])
        {
            foreach (var style in GoldenStyles)
            {
                foreach (var audience in GoldenAudiences)
                {
                    Append(hash, Generate(Request(topic, language, length, style, audience, SourceSets[sourceSet])));
                }
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Append(IncrementalHash hash, GeneratedScript script)
    {
        // Separators that never occur in generated text, so moving text between the three fields changes the hash.
        hash.AppendData(Encoding.UTF8.GetBytes(script.Title + "\u0000" + script.Description + "\u0000" + script.Script + "\u0001"));
    }
}
