package pics.aed.sessions;

import pics.aed.testsupport.contract.ReadmePropertiesContract;

class SessionsReadmePropertiesTest extends ReadmePropertiesContract {}
