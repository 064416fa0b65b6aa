namespace Observability.Analytics.Cost.Chargeback;

public enum ChargebackFormat
{
    Csv,
    Json,
}
