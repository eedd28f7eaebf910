namespace ScriptService.Generation.Offline;

/// <summary>The progress stages the offline generator reports, with their overall percentages.</summary>
internal static class OfflineGenerationStages
{
    public const string Outline = "outline";
    public const string Draft = "draft";
    public const string Polish = "polish";
    public const string Done = "done";

    public const int OutlinePercent = 20;
    public const int DraftPercent = 60;
    public const int PolishPercent = 90;
    public const int DonePercent = 100;
}
