// Jest global setup: the audit page the API serves, built from the sources under test.
module.exports = async () => {
  require('../../scripts/build-audit-page.js').buildAuditPage();
};
