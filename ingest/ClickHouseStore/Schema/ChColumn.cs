namespace Observability.ClickHouseStore.Schema;

/// <summary>One column of a ClickHouse table: its name and type as <c>system.columns</c> reports it.</summary>
internal sealed record ChColumn(string Name, string Type)
{
    public const string DateTimeUtcType = "DateTime('UTC')";
    public const string TextType = "String";
    public const string Int64Type = "Int64";
    public const string UInt64Type = "UInt64";
    public const string UInt32Type = "UInt32";
    public const string Int32Type = "Int32";
    public const string UInt8Type = "UInt8";
    public const string Float64Type = "Float64";
    public const string NullableFloat64Type = "Nullable(Float64)";
    public const string NullableInt64Type = "Nullable(Int64)";
    public const string Float64ArrayType = "Array(Float64)";

    public string Quoted => ChSql.Ident(Name);
}
