{#- vault_insert_by_rank: loads a vault table one rank at a time (AutomateDV's configs and semantics;
    body: gata.insert_by_slices). The model's SQL carries the placeholder __RANK_FILTER__ (the gata
    vault macros add it to their source by themselves under this materialization); iteration r replaces
    it with `<rank_column> = r`, for r = 1 .. the highest rank in rank_source_models. Typically the rank
    comes from gata.stage's ranked_columns, e.g. {'DBTVAULT_RANK': {'partition_by': 'CUSTOMER_HK',
    'order_by': 'LOAD_DATETIME'}}: each key's rows load in order, one per iteration.
    Config: rank_column (required: an integer column of every rank source model), rank_source_models
    (required: a model name or a list). A highest rank over 100,000 fails before anything is written.
    The run that creates the table loads rank 1 only; later runs load ranks 1 .. max, each compared with
    the table as the ranks before it left it (a re-run adds nothing). -#}
{%- materialization vault_insert_by_rank, default -%}
    {%- set kind = 'vault_insert_by_rank' -%}
    {%- set rank_column = gata.materialization_config(kind, 'rank_column', 'identifier', required=true) -%}
    {%- set rank_source_models = gata.materialization_config(kind, 'rank_source_models', 'models', required=true) -%}
    {%- do gata.check_placeholder(kind, '__RANK_FILTER__', sql) -%}
    {%- set max_rank = gata.rank_max(kind, rank_column, rank_source_models) -%}
    {%- do gata.check_iterations(kind, max_rank, "loading ranks 1 to " ~ max_rank ~ " of " ~ rank_column) -%}
    {{ return(gata.insert_by_slices(kind, max_rank, gata.rank_slice, {'sql': sql, 'rank_column': rank_column})) }}
{%- endmaterialization -%}
