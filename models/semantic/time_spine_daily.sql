{#- MetricFlow's daily time spine (models/semantic/_semantic__models.yml declares it with `time_spine:`).
    Shared by every tenant's metrics. A fixed range, not current_date, so every build holds the same
    rows; about 18,600 days, cheap to build. Widen it if data ever falls outside it. -#}
{{ config(materialized='table', schema='gata_meta') }}
select cast(day as date) as date_day
from range(date '2000-01-01', date '2051-01-01', interval 1 day) as days(day)
