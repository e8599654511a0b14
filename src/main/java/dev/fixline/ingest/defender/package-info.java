/**
 * How Microsoft Defender for Cloud shapes a vulnerability row, whichever source read it: a
 * sub-assessment (MDVM, Qualys-era, AWS and GCP connectors), a row of projected columns, or a row of the
 * portal's CSV export, each mapped to an {@link dev.fixline.finding.Observation} and checked against the
 * value limits. The file source ({@code ingest.file}) and the Resource Graph source ({@code ingest.arg})
 * both read rows through {@link dev.fixline.ingest.defender.ExportRows}.
 */
package dev.fixline.ingest.defender;
