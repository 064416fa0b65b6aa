namespace Observability.Ingest.DuckDb;

/// <summary>One column of a DuckDB table: its name and SQL type as DuckDB reports it in information_schema.</summary>
internal sealed record ColumnDefinition(string Name, string SqlType)
{
    public const string TimestampType = "TIMESTAMP";
    public const string TextType = "VARCHAR";
    public const string DoubleType = "DOUBLE";
    public const string DoubleListType = "DOUBLE[]";
    public const string BooleanType = "BOOLEAN";
    public const string IntegerType = "INTEGER";
    public const string BigIntType = "BIGINT";

    public string Quoted => Sql.Quote(Name);
}
